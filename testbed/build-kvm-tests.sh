#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build, statically, the upstream KVM selftests the test bed runs and our own
# kvm-tests/*_test.c and *_accessor.c, against the selftests/kvm library of the test
# kernel's linux-source (testbed/kernels.table).
# Prints the output directory.
set -euo pipefail
. "$(dirname "$0")/env.sh"
"$GUPNUMA_TOP/testbed/deps.sh"

SRC=$SRC_ROOT/linux
UPSTREAM="$(kvm_arch_dir "$SRC")/svm_vmcall_test dirty_log_perf_test demand_paging_test"
kernel_row test
HDRS=$GUPNUMA_CACHE/kvm/$K_RELEASE/headers
OUT=$GUPNUMA_CACHE/kvm/$K_RELEASE/out

if [ ! -e "$HDRS/.complete" ]; then
	log "installing uapi headers of $K_RELEASE"
	rm -rf "$HDRS" && mkdir -p "$HDRS"
	make -C "$SRC" O="$HDRS" headers_install INSTALL_HDR_PATH="$HDRS/usr" \
		>"$HDRS/build.log" 2>&1 || { tail "$HDRS/build.log"; die "headers_install failed"; }
	touch "$HDRS/.complete"
fi
mkdir -p "$OUT"
make -C "$SRC/tools/testing/selftests/kvm" -f "$GUPNUMA_TOP/kvm-tests/Makefile" \
	-j"$(nproc)" OUTPUT="$OUT" KHDR_INCLUDES="-isystem $HDRS/usr/include" \
	LDFLAGS=-static UPSTREAM_TESTS="$UPSTREAM" gupnuma-tests >"$OUT/build.log" 2>&1 ||
	{ grep -E 'error|Error' "$OUT/build.log" | head -20; die "KVM selftests build failed (see $OUT/build.log)"; }
echo "$OUT"
