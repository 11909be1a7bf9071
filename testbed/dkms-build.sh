#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build and install gupnuma through DKMS (dkms.conf) against the stock 6.12
# headers, as `dkms install` does on a real host, but entirely inside a
# private tree: the sources go to a private --sourcetree (via make
# dkms-source), dkms's state to a private --dkmstree, the modules to a private
# --installtree.  The tree is in the cache (env.sh: cache_tree: dkms's
# compiles go through ccache), and is copied to out/dkms-KERNEL/ at the end.
# Nothing is written to /usr/src, /var/lib/dkms or /lib/modules, and modules
# are not signed (no MOK key is generated).  Fails when dkms fails, when a
# module it should build is missing, or when dkms.conf's version is not the
# module's.
#   testbed/dkms-build.sh [stock|test]     (default stock)
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$GUPNUMA_TOP/testbed/kernels.sh"
select_kernel "${1:-stock}"
[ -e "$KERNEL_KDIR/Makefile" ] || die "no kernel build tree at $KERNEL_KDIR (make deps / make test-kernel)"
command -v dkms >/dev/null || die "no dkms (make deps)"

conf_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$GUPNUMA_TOP/dkms.conf")
version=$(sed -n 's/^#define GUPNUMA_VERSION[[:space:]]*"\(.*\)"/\1/p' \
	  "$GUPNUMA_TOP/include/uapi/linux/gupnuma.h")
[ -n "$version" ] && [ "$conf_version" = "$version" ] ||
	die "dkms.conf says PACKAGE_VERSION=\"$conf_version\", the module is \"$version\""

cache_tree "dkms-${1:-stock}" "$GUPNUMA_TOP/out/dkms-${1:-stock}"
D=$CACHE_TREE
export PATH=$GUPNUMA_CCACHE_BIN:$PATH
mkdir -p "$D/tree" "$D/lib/modules/$KERNEL_MODREL"
# The kernel's module lists, so that depmod below sees the kernel as installed.
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "$KERNEL_MODROOT/lib/modules/$KERNEL_MODREL/$f" "$D/lib/modules/$KERNEL_MODREL/" 2>/dev/null ||
		: > "$D/lib/modules/$KERNEL_MODREL/$f"
done
make -s -C "$GUPNUMA_TOP" dkms-source DESTDIR="$D" DKMS_SRCDIR=/src
# dkms signs with a key it generates under /var/lib/dkms when it finds the
# kernel's sign-file: point it at none.
export sign_file=/nonexistent
dk=(--sourcetree "$D/src" --dkmstree "$D/tree" --installtree "$D/lib/modules"
    -m gupnuma -v "$version" -k "$KERNEL_MODREL" --kernelsourcedir "$KERNEL_KDIR" -j 1)
log "dkms add/build/install gupnuma/$version for $KERNEL_MODREL in $D"
nice -n 19 dkms add "${dk[@]}"
if ! nice -n 19 dkms build "${dk[@]}"; then
	cat "$D/tree/gupnuma/$version/build/make.log" >&2 2>/dev/null || true
	die "dkms build failed"
fi
nice -n 19 dkms install --no-depmod "${dk[@]}"
dkms status --dkmstree "$D/tree" --sourcetree "$D/src" --installtree "$D/lib/modules"

want=(gupnuma)
grep -qE '^CONFIG_KUNIT=[ym]' "$KERNEL_KDIR/.config" && want+=(gupnuma_kunit)
for m in "${want[@]}"; do
	built=$D/tree/gupnuma/$version/$KERNEL_MODREL/$(uname -m)/module/$m.ko
	installed=$D/lib/modules/$KERNEL_MODREL/updates/dkms/$m.ko
	[ -s "$built" ] || die "dkms did not produce $m.ko ($built)"
	[ -s "$installed" ] || die "dkms did not install $m.ko ($installed)"
	vermagic=$(modinfo -F vermagic "$installed")
	[ "${vermagic%% *}" = "$KERNEL_MODREL" ] ||
		die "$m.ko is built for '${vermagic%% *}', not $KERNEL_MODREL"
	[ $m != gupnuma ] || [ "$(modinfo -F version "$installed")" = "$version" ] ||
		die "$m.ko has version '$(modinfo -F version "$installed")', not $version"
	echo "$installed: vermagic $vermagic"
done
depmod -b "$D" "$KERNEL_MODREL"
grep -q '^updates/dkms/gupnuma.ko:' "$D/lib/modules/$KERNEL_MODREL/modules.dep" ||
	die "depmod does not list updates/dkms/gupnuma.ko"
