# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the test bed's shell tests (busybox sh), sourced in the guest
# as /lib/gupnuma/lib.sh.
. /etc/gupnuma.conf
TAP_N=0
TAP_FAILED=0

tap_plan() { echo "TAP version 13"; echo "1..$1"; }
tap_ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N $*"; }
tap_not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=1; echo "not ok $TAP_N $*"; }
tap_skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N $1 # SKIP ${2:-}"; }
tap_diag() { echo "# $*"; }
# tap_check DESC CMD...: ok when CMD succeeds; its output becomes diagnostics.
tap_check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$desc"
	else
		[ -z "$out" ] || echo "$out" | sed 's/^/# /'
		tap_not_ok "$desc"
	fi
}
tap_exit() { exit $TAP_FAILED; }
# fails RC MESSAGE CMD...: CMD exits RC and says MESSAGE in one line on stderr
fails() {
	local want=$1 msg=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null); rc=$?
	echo "$err" | sed 's/^/# /'
	[ $rc = "$want" ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -qF -- "$msg"
}
