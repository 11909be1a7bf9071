#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The gupnuma:gupnuma_decision tracepoint, recorded with Debian's trace-cmd
# (run.sh --bin trace-cmd copies it and its shared libraries): a lookup of 16
# protnone pages of another process under v6.6 records one event per
# decision, as many as the stats counted, each naming policy, caller,
# decision and reason.  In a kernel with the protnone hook, smaps in observe
# mode, traced, records one event per protnone entry (a traced decision is
# not batched), as many as the stats counted.
. /lib/gupnuma/lib.sh
G=/tests/gupnuma
D=/sys/kernel/mm/gupnuma
N=16
insmod /lib/gupnuma/gupnuma.ko 2>/dev/null
hooked=$(cat $D/kernel_hook 2>/dev/null)
if [ "$hooked" = 1 ]; then tap_plan 6; else tap_plan 5; fi
grep -q tracefs /proc/mounts || mount -t tracefs nodev /sys/kernel/tracing
# traced OUT CMD...: CMD with the tracepoint on, its events into OUT.  The
# events stay in the kernel's ring buffer until extracted: `trace-cmd record
# CMD` lost every event of a short command now and then under arm64's TCG
# (its recorders were not reading yet), 0 of 16 or of 256.
traced() {
	local out=$1 rc
	shift
	trace-cmd start -e gupnuma:gupnuma_decision >/dev/null || return 1
	"$@"
	rc=$?
	trace-cmd stop && trace-cmd extract -o "$out" >/dev/null 2>&1 && trace-cmd reset >/dev/null
	return $rc
}
tap_check "trace-cmd runs in the guest" trace-cmd list -e gupnuma
echo v6.6 > $D/policy
/tests/protnone_holder 1 > /tmp/holder &
sleep 1
set -- $(cat /tmp/holder)
echo 1 > $D/stats/reset
tap_check "trace-cmd start -e gupnuma:gupnuma_decision, extract around a lookup of $N pages" \
	traced /tmp/trace.dat $G lookup --pid "$1" --addr "$2" --pages $N --caller inspect
trace-cmd report -i /tmp/trace.dat 2>/dev/null | grep 'gupnuma_decision:' > /tmp/events
events=$(wc -l < /tmp/events)
# decisions table row "v6.6 inspect": follow fault nopage fallback hint_faults
counted=$(awk '$1 == "v6.6" && $2 == "inspect" { print $3 + $4 + $5 + $6 }' \
	/sys/kernel/debug/gupnuma/decisions)
tap_diag "$events events recorded, $counted decisions counted; first: $(head -1 /tmp/events)"
tap_check "one event per protnone page looked up" [ "$events" = $N ]
tap_check "as many events as the stats counted decisions" [ "$events" = "$counted" ]
tap_check "each event names policy, caller, decision and reason" \
	[ "$(grep -c 'policy=v6.6 caller=inspect .*vma=prot_none level=pte pinned=0 decision=follow reason=inspect_follows' /tmp/events)" = $N ]
if [ "$hooked" = 1 ]; then
	# the holder's 1 MiB: 256 PROT_NONE 4K entries
	echo 1 > $D/kernel_hook_observe
	echo 1 > $D/stats/reset
	traced /tmp/smaps.dat cat "/proc/$1/smaps_rollup" > /dev/null
	echo 0 > $D/kernel_hook_observe
	smaps_events=$(trace-cmd report -i /tmp/smaps.dat 2>/dev/null | grep -c 'gupnuma_decision:.* caller=smaps ')
	smaps_counted=$(awk '$1 == "v6.6" && $2 == "smaps" { print $3 + $4 + $5 + $6 }' \
		/sys/kernel/debug/gupnuma/decisions)
	tap_diag "smaps_rollup of the holder, traced: $smaps_events events, $smaps_counted decisions counted"
	tap_check "the kernel's smaps, traced: an event per protnone entry (256+), as many as counted" \
		[ "$smaps_events" -ge 256 ] && [ "$smaps_events" = "$smaps_counted" ]
fi
kill %1 2>/dev/null
rmmod gupnuma
tap_exit
