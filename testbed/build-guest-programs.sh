#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the C test programs that run in the guest, statically, into out/bin.
set -euo pipefail
. "$(dirname "$0")/env.sh"
BIN=$GUPNUMA_TOP/out/bin
mkdir -p "$BIN"
CFLAGS="-std=gnu11 -O2 -Wall -Wextra -Werror -static"
INC="-isystem $SRC_ROOT/linux/tools/testing/selftests -I$GUPNUMA_TOP/include/uapi"
LIB=("$GUPNUMA_TOP/userspace/lib/gupnuma_dev.c" "$GUPNUMA_TOP/userspace/lib/numa_balancing.c"
     "$GUPNUMA_TOP/userspace/lib/numa_mem.c")
for c in "$GUPNUMA_TOP"/testbed/tests/*.c; do
	# shellcheck disable=SC2086
	gcc $CFLAGS -D_GNU_SOURCE $INC -o "$BIN/$(basename "$c" .c)" "$c" "${LIB[@]}" -lnuma 2>&1 |
		{ grep -v 'getaddrinfo\|affinity_ip' || true; }
	[ -x "$BIN/$(basename "$c" .c)" ] || exit 1
done
# Not a test: /init runs it (testbed/kvm-hold.c).
# shellcheck disable=SC2086
gcc $CFLAGS -D_GNU_SOURCE -I"$GUPNUMA_TOP/userspace/lib" -o "$BIN/kvm-hold" \
	"$GUPNUMA_TOP/testbed/kvm-hold.c" "$GUPNUMA_TOP/userspace/lib/kvm_vm.c" -lpthread
