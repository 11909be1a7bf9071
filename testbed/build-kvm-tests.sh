#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build, statically, the upstream KVM selftests the test bed runs and our own
# kvm-tests/*_test.c and *_accessor.c, against the selftests/kvm library of the test
# kernel's linux-source (testbed/kernels.table), for the host's architecture
# or, with --arch, another of testbed/arches.table (cross-built).  The
# upstream tests: the architecture's nested-virtualization smoke test
# (arches.table: kvmsmoke) and the generic dirty_log_perf_test and
# demand_paging_test.
# Prints the output directory.
set -euo pipefail
. "$(dirname "$0")/env.sh"
"$GUPNUMA_TOP/testbed/deps.sh"
arch=$HOST_ARCH
[ "${1:-}" != --arch ] || arch=${2:-}
check_arch "$arch"

SRC=$SRC_ROOT/linux
UPSTREAM="$(kvm_arch_dir "$SRC" "$arch")/${A_KVMSMOKE%%:*} dirty_log_perf_test demand_paging_test"
kernel_row test "$HOST_ARCH"
HDRS=$GUPNUMA_CACHE/kvm/$K_RELEASE/headers$(arch_suffix "$arch")
OUT=$GUPNUMA_CACHE/kvm/$K_RELEASE/out$(arch_suffix "$arch")
KMAKE=(ARCH="$A_KARCH")
[ -z "$A_CROSS" ] || KMAKE+=(CROSS_COMPILE="$A_CROSS")

if [ ! -e "$HDRS/.complete" ]; then
	log "installing uapi headers of $K_RELEASE for $arch"
	rm -rf "$HDRS" && mkdir -p "$HDRS"
	make -C "$SRC" "${KMAKE[@]}" O="$HDRS" headers_install INSTALL_HDR_PATH="$HDRS/usr" \
		>"$HDRS/build.log" 2>&1 || { tail "$HDRS/build.log"; die "headers_install failed"; }
	touch "$HDRS/.complete"
fi
mkdir -p "$OUT"
make -C "$SRC/tools/testing/selftests/kvm" -f "$GUPNUMA_TOP/kvm-tests/Makefile" \
	-j"$(nproc)" "${KMAKE[@]}" OUTPUT="$OUT" KHDR_INCLUDES="-isystem $HDRS/usr/include" \
	LDFLAGS=-static UPSTREAM_TESTS="$UPSTREAM" gupnuma-tests >"$OUT/build.log" 2>&1 ||
	{ grep -E 'error|Error' "$OUT/build.log" | head -20; die "KVM selftests build failed (see $OUT/build.log)"; }
echo "$OUT"
