# SPDX-License-Identifier: GPL-2.0
#
# gupnuma top-level Makefile.
#
#   make [KDIR=<kernel build tree>]   build gupnuma.ko (default: the running kernel's)
#   make deps                         install packages, fetch the pinned Linux 6.12 debs
#   make run                          the main job (boots the stock kernel in QEMU)
#   make check                        every test; ends with "N passed, N failed"
#   make test-kernel                  build (or reuse) our KUnit-enabled test kernel
#   make checkpatch | make W1         style and warning gates on the kernel sources
KDIR ?= /lib/modules/$(shell uname -r)/build
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

.PHONY: all modules clean deps run check test-kernel checkpatch W1

all: modules

ifneq ($(filter all modules clean,$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard $(KDIR)/Makefile),)
$(error gupnuma: KDIR=$(KDIR) is not a kernel build tree (make KDIR=<dir>, or make deps for the stock one))
endif
endif

modules:
	$(MAKE) -C "$(KDIR)" M="$(TOP)" W=1 modules

clean:
	$(MAKE) -C "$(KDIR)" M="$(TOP)" clean
	rm -rf "$(TOP)/out"

deps:
	@"$(TOP)/testbed/deps.sh"

test-kernel:
	@"$(TOP)/testbed/build-kernel.sh"

run:
	@"$(TOP)/testbed/main-job.sh"

check:
	@"$(TOP)/testbed/check.sh"

checkpatch:
	@"$(TOP)/testbed/checkpatch.sh"
