#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The test bed's own test: a run of deliberately broken tests must fail, and
# fail for each of the right reasons; bad runner input must give one-line
# errors.  Prints TAP.
set -uo pipefail
. "$(dirname "$0")/../env.sh"
S=$GUPNUMA_TOP/testbed/selftest
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n $*"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
echo "TAP version 13"
echo "1..11"

M=$GUPNUMA_TOP/out/selftest-mod
mkdir -p "$M" && cp "$S/Kbuild" "$S/gupnuma_warn_on_load.c" "$M/"
. "$GUPNUMA_TOP/testbed/kernels.sh"
select_kernel stock
make -C "$KERNEL_KDIR" M="$M" modules >"$M/build.log" 2>&1 || { echo "# $(tail -3 "$M/build.log")"; }
out=$("$GUPNUMA_TOP/testbed/run.sh" --kernel stock --name selftest --timeout 10 \
	--module "$M/gupnuma_warn_on_load.ko" "$S/exits_1.sh" "$S/not_ok.sh" \
	"$S/hangs.sh" "$S/loads_warn_module.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "runner exits non-zero on broken tests (rc=$rc)" [ $rc != 0 ]
check "a test that exits 1 fails" grep -q 'exits_1.sh: FAIL exited with status 1' <<<"$out"
check "a 'not ok' line fails" grep -q 'not_ok.sh: FAIL second' <<<"$out"
check "a hanging test is killed by the timeout and fails" grep -q 'hangs.sh: FAIL killed by the per-test timeout' <<<"$out"
check "a module that WARNs fails the kernel-log check" grep -q 'kernel_log: FAIL' <<<"$out"
check "the WARN splat is printed" grep -q 'deliberate warning from the test bed self-test' <<<"$out"

one_line_error() {
	local out rc
	out=$("$@" 2>&1); rc=$?
	echo "$out" | sed 's/^/# /'
	[ $rc != 0 ] && [ "$(echo "$out" | wc -l)" = 1 ] && [[ $out == *gupnuma:* ]]
}
check "unknown kernel name: one-line error" one_line_error "$GUPNUMA_TOP/testbed/run.sh" --kernel nosuch
check "no kernel given: one-line error" one_line_error "$GUPNUMA_TOP/testbed/run.sh"
check "make with a missing KDIR: one-line error" one_line_error make -s -C "$GUPNUMA_TOP" KDIR=/nonexistent modules
check "bad --nodes: one-line error" one_line_error "$GUPNUMA_TOP/testbed/run.sh" --kernel stock --nodes x
check "too many --memory-nodes: one-line error" one_line_error "$GUPNUMA_TOP/testbed/run.sh" \
	--kernel stock --nodes 2 --memory-nodes 7
exit $failed
