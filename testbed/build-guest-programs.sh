#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the C programs of the test bed that run in the guest (testbed/tests/*.c,
# testbed/kvm-hold.c), statically, into out/bin (with --arch ARCH, for that
# architecture of testbed/arches.table, into out/ARCH/bin for another than the
# host's): userspace/Makefile's "bed" target, with its library.
set -euo pipefail
. "$(dirname "$0")/env.sh"
arch=$GUPNUMA_ARCH
[ "${1:-}" != --arch ] || arch=${2:-}
check_arch "$arch"
mapfile -t umake < <(userspace_make "$arch")
make -s -j"$(nproc)" -C "$GUPNUMA_TOP/userspace" "${umake[@]}" bed BIN="$(arch_out "$arch")/bin" \
	SELFTESTS="$SRC_ROOT/linux/tools/testing/selftests"
