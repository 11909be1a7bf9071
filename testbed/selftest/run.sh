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
FOREIGN=$(arch_names | grep -vx "$HOST_ARCH")
echo "1..$((17 + 3 * $(echo $FOREIGN | wc -w)))"

# warn_module [--arch ARCH]: the module that WARNs on load, built for Debian's
# stock kernel (of ARCH); prints its path.
warn_module() {
	local m
	m=$("$GUPNUMA_TOP/testbed/build-module.sh" "$@" stock testbed/selftest 2>&1) ||
		echo "# $m" >&2
	echo "$m/gupnuma_warn_on_load.ko"
}
M=$(warn_module)
out=$("$GUPNUMA_TOP/testbed/run.sh" --kernel stock --name selftest --timeout 10 \
	--module "$M" "$S/exits_1.sh" "$S/not_ok.sh" \
	"$S/hangs.sh" "$S/loads_warn_module.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "runner exits non-zero on broken tests (rc=$rc)" [ $rc != 0 ]
check "a test that exits 1 fails" grep -q 'exits_1.sh: FAIL exited with status 1' <<<"$out"
check "a 'not ok' line fails" grep -q 'not_ok.sh: FAIL second' <<<"$out"
check "the failure keeps its diagnostic for make check's summary" \
	grep -q '"# second: expected 1, got 2"' "$GUPNUMA_TOP/out/runs/selftest/summary.json"
check "a hanging test is killed by the timeout and fails" grep -q 'hangs.sh: FAIL killed by the per-test timeout' <<<"$out"
check "a module that WARNs fails the kernel-log check" grep -q 'kernel_log: FAIL' <<<"$out"
check "the WARN splat is printed" grep -q 'deliberate warning from the test bed self-test' <<<"$out"

# A guest that does not power off after its last test is stopped
# GUPNUMA_POWEROFF_GRACE s later, not at the run's wall limit, and the run
# fails for it.  QEMU's stand-in (no_poweroff_qemu.sh) ends the run at once
# and then sleeps: no guest, so no race with a guest's own poweroff.
t0=$SECONDS
out=$(GUPNUMA_QEMU=$S/no_poweroff_qemu.sh GUPNUMA_POWEROFF_GRACE=2 \
	"$GUPNUMA_TOP/testbed/run.sh" --kernel stock --name selftest-poweroff --timeout 10 \
	"$S/exits_1.sh" 2>&1)
rc=$? took=$((SECONDS - t0))
echo "$out" | sed 's/^/# /'
check "a guest that does not power off is stopped, after $took s (grace 2 s, wall limit 90 s)" \
	test $rc != 0 -a $took -lt 60
check "the run fails because the guest did not power off" \
	grep -q 'testbed: FAIL guest did not power off after its last test' <<<"$out"

# Each other architecture's tier fails on its kernel's report too: the same
# module, cross-built, on Debian's stock kernel of that architecture (arm64
# prints its own headers: testbed/tap.py).
for a in $FOREIGN; do
	MA=$(warn_module --arch "$a")
	out=$("$GUPNUMA_TOP/testbed/run.sh" --kernel stock --arch "$a" --name "selftest-$a" \
		--timeout 10 --module "$MA" "$S/loads_warn_module.sh" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	check "$a: runner exits non-zero on a module that WARNs (rc=$rc)" [ $rc != 0 ]
	check "$a: a module that WARNs fails the kernel-log check" grep -q 'kernel_log: FAIL' <<<"$out"
	check "$a: the WARN splat is printed" grep -q 'deliberate warning from the test bed self-test' <<<"$out"
done

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
# exit_2 CMD...: one line and exit status 2 (bad input, not a failed run)
exit_2() {
	local out rc
	out=$("$@" 2>&1); rc=$?
	echo "$out" | sed 's/^/# /'
	[ $rc = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && [[ $out == *gupnuma:* ]]
}
check "an architecture the bed does not know: one line, exit 2" exit_2 \
	"$GUPNUMA_TOP/testbed/run.sh" --kernel stock --arch sparc64
check "a kernel row without that architecture: one line, exit 2" exit_2 \
	"$GUPNUMA_TOP/testbed/run.sh" --kernel ref-5.10 --arch arm64
check "make run with an unknown ARCH: one line, exit 2" exit_2 \
	"$GUPNUMA_TOP/testbed/main-job.sh" --arch sparc64
exit $failed
