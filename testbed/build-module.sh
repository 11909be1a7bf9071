#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build gupnuma.ko (and, where the kernel has KUnit, gupnuma_kunit.ko) with W=1
# against one of the test bed's kernels, in out/mod-KERNEL/ so that the two
# builds never share objects.  Any compiler warning fails the build.
#   testbed/build-module.sh stock|test|debug|ref-6.1    prints the build directory
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$GUPNUMA_TOP/testbed/kernels.sh"
select_kernel "${1:-}"
[ -e "$KERNEL_KDIR/Makefile" ] || die "no kernel build tree at $KERNEL_KDIR (make deps / make test-kernel)"

M=$GUPNUMA_TOP/out/mod-$1
mkdir -p "$M"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' --exclude '*.mod*' \
	--include 'Kbuild' --include 'mm/***' --include 'include/***' --include 'kunit/***' \
	--exclude '*' "$GUPNUMA_TOP/" "$M/"
if ! make -C "$KERNEL_KDIR" M="$M" W=1 modules >"$M/build.log" 2>&1; then
	grep -E 'error|warning' "$M/build.log" | head -20 >&2
	die "module build against the $1 kernel failed (see $M/build.log)"
fi
if grep -q 'warning:' "$M/build.log"; then
	grep 'warning:' "$M/build.log" >&2
	die "module build against the $1 kernel has W=1 warnings"
fi
echo "$M"
