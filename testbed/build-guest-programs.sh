#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the C test programs that run in the guest, statically, into out/bin
# (with --arch ARCH, for that architecture of testbed/arches.table, into
# out/ARCH/bin for another than the host's).
set -euo pipefail
. "$(dirname "$0")/env.sh"
arch=$GUPNUMA_ARCH
[ "${1:-}" != --arch ] || arch=${2:-}
check_arch "$arch"
BIN=$(arch_out "$arch")/bin
mkdir -p "$BIN"
CC=$A_CC
CFLAGS="-std=gnu11 -O2 -Wall -Wextra -Werror -static"
[ -z "$A_SYSROOT" ] || CFLAGS="$CFLAGS -isystem $A_SYSROOT/usr/include -L$A_SYSROOT/usr/lib/$A_GNU"
INC="-isystem $SRC_ROOT/linux/tools/testing/selftests -I$GUPNUMA_TOP/include/uapi"
LIB=("$GUPNUMA_TOP/userspace/lib/gupnuma_dev.c" "$GUPNUMA_TOP/userspace/lib/numa_balancing.c"
     "$GUPNUMA_TOP/userspace/lib/numa_mem.c" "$GUPNUMA_TOP/userspace/lib/numa_node.c"
     "$GUPNUMA_TOP/userspace/lib/clock.c")
for c in "$GUPNUMA_TOP"/testbed/tests/*.c; do
	# shellcheck disable=SC2086
	$CC $CFLAGS -D_GNU_SOURCE $INC -o "$BIN/$(basename "$c" .c)" "$c" "${LIB[@]}" -lnuma 2>&1 |
		{ grep -v 'getaddrinfo\|affinity_ip' || true; }
	[ -x "$BIN/$(basename "$c" .c)" ] || exit 1
done
# Not a test: /init runs it (testbed/kvm-hold.c).
# shellcheck disable=SC2086
$CC $CFLAGS -D_GNU_SOURCE -I"$GUPNUMA_TOP/userspace/lib" -o "$BIN/kvm-hold" \
	"$GUPNUMA_TOP/testbed/kvm-hold.c" "$GUPNUMA_TOP/userspace/lib"/kvm_vm*.c -lpthread
