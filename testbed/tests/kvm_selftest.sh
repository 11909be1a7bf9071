#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run KVM selftests (built from linux-source-6.12, and gupnuma's own from
# kvm-tests/) in the guest, one TAP result each, after checking that KVM with
# nested SVM is there.  Usage: kvm_selftest.sh TEST [ARGS] [-- TEST [ARGS]]...
. /lib/gupnuma/lib.sh
ntests=$(( $(echo " $* " | grep -o ' -- ' | wc -l) + 1 ))
tap_plan $((ntests + 2))
tap_check "/dev/kvm exists" [ -c /dev/kvm ]
nested=$(cat /sys/module/kvm_amd/parameters/nested 2>/dev/null)
npt=$(cat /sys/module/kvm_amd/parameters/npt 2>/dev/null)
tap_check "kvm_amd with nested=$nested npt=$npt" [ "$nested" = 1 -a "$npt" = Y ]

run_one() {
	t=$1
	shift
	/tests/$t "$@" >/tmp/kvm.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/kvm.out | tail -20
	case $rc in
	0) tap_ok "$t $*" ;;
	4) tap_skip "$t $*" "KSFT_SKIP: $(tail -1 /tmp/kvm.out)" ;;
	*) tap_not_ok "$t $* (exit $rc)" ;;
	esac
}

cmd=""
for a in "$@" --; do
	if [ "$a" = "--" ]; then
		# shellcheck disable=SC2086
		[ -z "$cmd" ] || run_one $cmd
		cmd=""
	else
		cmd="$cmd $a"
	fi
done
tap_exit
