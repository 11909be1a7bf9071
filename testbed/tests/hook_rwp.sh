#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The 7.3 series' own rule, below any module: with a protnone hook that
# follows every entry at every site (testbed/hook-test/protnone_follow_all.c)
# in gupnuma's place, an RWP tracker still sees every access that reaches its
# memory through GUP (rwp_tracker_test, async and sync), and the hook was
# asked about the markers it could not follow.  And gupnuma, which needs the
# hook, refuses to load while another module holds it (EBUSY, with its
# reason in the log, nothing left behind).
#   hook_rwp.sh [rwp_tracker_test options]
#                     (needs /tests/rwp_tracker_test and the module)
. /lib/gupnuma/lib.sh
tap_plan 7
P=/sys/module/protnone_follow_all/parameters
had_gupnuma=0
grep -q '^gupnuma ' /proc/modules && had_gupnuma=1
[ $had_gupnuma = 0 ] || rmmod gupnuma
tap_check "gupnuma is not the protnone hook now" sh -c "! grep -q '^gupnuma ' /proc/modules"
tap_check "insmod protnone_follow_all.ko (follows everything, every site)" \
	insmod /lib/gupnuma/protnone_follow_all.ko
insmod /lib/gupnuma/gupnuma.ko > /tmp/insmod.out 2>&1
rc=$?
tap_check "insmod gupnuma.ko fails while another module holds the hook: $(cat /tmp/insmod.out)" \
	sh -c "[ $rc != 0 ] && grep -qi 'busy' /tmp/insmod.out && ! grep -q '^gupnuma ' /proc/modules"
tap_check "gupnuma says why in the kernel log" \
	sh -c "dmesg | grep -q 'gupnuma: cannot register as the kernel.s protnone hook: -16'"
/tests/rwp_tracker_test "$@" > /tmp/rwp.out 2>&1
rc=$?
sed 's/^/# /' /tmp/rwp.out
tap_check "rwp_tracker_test passes under a hook that follows everything (rc=$rc)" [ $rc = 0 ]
asked=$(cat $P/asked 2>/dev/null) markers=$(cat $P/asked_rwp_marker 2>/dev/null)
tap_diag "the hook was asked $asked times, $markers of them at RWP markers"
tap_check "the hook was asked at RWP markers (it could not make GUP follow them)" \
	[ "${markers:-0}" -gt 0 ]
tap_check "rmmod protnone_follow_all" rmmod protnone_follow_all
[ $had_gupnuma = 0 ] || insmod /lib/gupnuma/gupnuma.ko
tap_exit
