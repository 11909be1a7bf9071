#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build gupnuma.ko (and, where the kernel has KUnit, gupnuma_kunit.ko) with W=1
# against one of the test bed's kernels (testbed/kernels.table), in
# out/mod-KERNEL/ so that the two builds never share objects.  Any compiler
# warning fails the build.  With DIR, the test bed's module in DIR (a Kbuild
# and its .c files, e.g. testbed/hook-test) instead, in out/mod-KERNEL-NAME/.
# With --arch, for that architecture of the kernel's row (cross-built with
# the compiler of testbed/arches.table), in out/ARCH/ for another than the
# host's.
# It compiles through ccache in an emptied directory of the cache
# (env.sh: cache_tree; every object is compiled or found in ccache, its
# warnings included), then copied to out/.
#   testbed/build-module.sh [--arch ARCH] KERNEL [DIR]    prints the build directory
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$GUPNUMA_TOP/testbed/kernels.sh"
arch=$GUPNUMA_ARCH
[ "${1:-}" != --arch ] || { arch=${2:-}; shift 2; }
select_kernel "${1:-}" "$arch"
O=$(arch_out "$arch")
[ -n "$KERNEL_KDIR" ] || die "no module is built for the $1 kernel (no headers: testbed/kernels.table)"
[ -e "$KERNEL_KDIR/Makefile" ] || die "no kernel build tree at $KERNEL_KDIR (make deps / make test-kernel)"

if [ -n "${2:-}" ]; then
	[ -e "$GUPNUMA_TOP/$2/Kbuild" ] || die "no Kbuild in $2"
	M=$O/mod-$1-$(basename "$2")
	filter=(--include 'Kbuild' --include '*.c' --exclude '*')
	src=$GUPNUMA_TOP/$2/
else
	M=$O/mod-$1
	filter=("${MODULE_SOURCES[@]}")
	src=$GUPNUMA_TOP/
fi
cache_tree "$arch/$(basename "$M")" "$M"
B=$CACHE_TREE
rsync -r "${filter[@]}" "$src" "$B/"
if ! PATH=$GUPNUMA_CCACHE_BIN:$PATH make -j"$(nproc)" -C "$KERNEL_KDIR" "${KERNEL_MAKE[@]}" M="$B" W=1 \
		modules >"$B/build.log" 2>&1; then
	# kbuild's "error:" and "warning:", modpost's "ERROR:"; none, its tail
	grep -iE 'error|warning' "$B/build.log" | head -20 >&2 || tail -5 "$B/build.log" >&2
	die "module build against the $1 kernel ($arch) failed (see $M/build.log)"
fi
if grep -q 'warning:' "$B/build.log"; then
	grep 'warning:' "$B/build.log" >&2
	die "module build against the $1 kernel ($arch) has W=1 warnings"
fi
echo "$M"
