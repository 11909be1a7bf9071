# SPDX-License-Identifier: GPL-2.0
#
# gupnuma top-level Makefile.
#
#   make [KDIR=<kernel build tree>]   build gupnuma.ko (default: the running kernel's)
#   make deps                         install packages, fetch the pinned Linux 6.12 debs
#   make run [ARCH=arm64]             the main job: the workload matrix (ARCH: Debian's
#                                     kernels of another architecture, against x86-64's)
#   make check                        every test; ends with "N passed, N failed"
#   make check-arm64                  arm64's test kernel tier (testbed/check-arch.sh)
#   make test-kernel                  build (or reuse) our KUnit-enabled test kernel
#   make debug-kernel                 the same with KASAN, lockdep, kmemleak and UBSAN
#   make userspace                    the gupnuma CLI (out/userspace/gupnuma)
#   make docs                         regenerate docs/decision-tables.md from the code
#   make checkpatch                   checkpatch.pl --strict on the kernel sources
#   make mutants                      mutation testing of mm/ (testbed/mutants.sh: hours;
#                                     out/mutants/)
#   make mutants-kernel               mutation testing of the patch series' kernel sites
#                                     (mutants.sh --kernel: a kernel rebuilt per mutant)
#   make mutants-targeted             the fuzzer's and race test's own mutants
#                                     (testbed/mutants/*.patch), each caught by its test
#   make coverage                     line and branch coverage of mm/ over the debug kernel's
#                                     run of the last make check (out/coverage/)
#   make sparse                       sparse (C=2) on the module against the stock kernel; any
#                                     warning fails (make KDIR=... C=2 for another kernel)
#   make dkms-source                  the module's sources into $(DESTDIR)/usr/src/gupnuma-VERSION,
#                                     for dkms install gupnuma/VERSION (dkms.conf)
#   make install [PREFIX=/usr/local] [DESTDIR=]
#                                     the gupnuma CLI (sbin), gupnuma(8), its bash completion
#   make uninstall                    removes what make install installed
KDIR ?= /lib/modules/$(shell uname -r)/build
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VERSION := $(shell sed -n 's/^\#define GUPNUMA_VERSION[[:space:]]*"\(.*\)"/\1/p' \
	     "$(TOP)/include/uapi/linux/gupnuma.h")
DKMS_SRCDIR ?= /usr/src
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

.PHONY: all modules clean deps run check coverage mutants mutants-targeted mutants-kernel test-kernel debug-kernel checkpatch sparse \
	userspace docs dkms-source install uninstall

all: modules

ifneq ($(filter all modules,$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard $(KDIR)/Makefile),)
$(error gupnuma: KDIR=$(KDIR) is not a kernel build tree (make KDIR=<dir>, or make deps for the stock one))
endif
endif

modules:
	$(MAKE) -C "$(KDIR)" M="$(TOP)" W=1 modules

clean:
	rm -rf "$(TOP)/out"
	find "$(TOP)/mm" "$(TOP)/kunit" -name '*.o' -o -name '.*.cmd' | xargs rm -f

deps:
	@"$(TOP)/testbed/deps.sh"

test-kernel:
	@"$(TOP)/testbed/build-kernel.sh"

debug-kernel:
	@"$(TOP)/testbed/build-kernel.sh" debug

# ARCH (make run ARCH=arm64): a row of testbed/arches.table, given to the
# scripts as --arch; kbuild's own ARCH is kept from the sub-makes they run.
run:
	@env -u ARCH MAKEFLAGS= "$(TOP)/testbed/main-job.sh" $(if $(ARCH),--arch "$(ARCH)")

check:
	@"$(TOP)/testbed/check.sh"

# make check-arm64: the tier of another architecture that make check's budget
# has no room for (its test kernel, KUnit, the hook, the policies' matrix).
check-%:
	@env -u ARCH MAKEFLAGS= "$(TOP)/testbed/check-arch.sh" "$*"

coverage:
	@"$(TOP)/testbed/coverage.sh"

mutants:
	@"$(TOP)/testbed/mutants.sh"

mutants-targeted:
	@"$(TOP)/testbed/mutants.sh" --targeted

mutants-kernel:
	@"$(TOP)/testbed/mutants.sh" --kernel

checkpatch:
	@"$(TOP)/testbed/checkpatch.sh"

sparse:
	@"$(TOP)/testbed/sparse.sh" stock

userspace:
	@$(MAKE) -s -C "$(TOP)/userspace"

# What dkms builds from: Kbuild, dkms.conf and the kernel-side sources only.
DKMS_FILES := Kbuild dkms.conf $(shell cd "$(TOP)" && find mm kunit include -name '*.[ch]' | sort)
dkms-source:
	@test -n "$(VERSION)" || { echo "gupnuma: no GUPNUMA_VERSION in include/uapi/linux/gupnuma.h" >&2; exit 2; }
	rm -rf "$(DESTDIR)$(DKMS_SRCDIR)/gupnuma-$(VERSION)"
	cd "$(TOP)" && for f in $(DKMS_FILES); do \
		install -D -m 0644 "$$f" "$(DESTDIR)$(DKMS_SRCDIR)/gupnuma-$(VERSION)/$$f" || exit 1; \
	done

# The CLI is static and has the KVM workloads built in: no other program to install.
install: userspace
	install -D -m 0755 "$(TOP)/out/userspace/gupnuma" "$(DESTDIR)$(SBINDIR)/gupnuma"
	install -D -m 0644 "$(TOP)/man/gupnuma.8" "$(DESTDIR)$(MANDIR)/man8/gupnuma.8"
	install -D -m 0644 "$(TOP)/userspace/gupnuma.bash-completion" "$(DESTDIR)$(BASHCOMPDIR)/gupnuma"

uninstall:
	rm -f "$(DESTDIR)$(SBINDIR)/gupnuma" "$(DESTDIR)$(MANDIR)/man8/gupnuma.8" \
	      "$(DESTDIR)$(BASHCOMPDIR)/gupnuma"

docs: userspace
	"$(TOP)/out/userspace/gupnuma" table --markdown > "$(TOP)/docs/decision-tables.md"
