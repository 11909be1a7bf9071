#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unloading gupnuma while the kernel's own lookups run through the protnone
# hook: two readers walk the smaps of a process whose 64 MiB are all
# protnone (a hook call per entry: observe mode takes every site) while
# gupnuma is unloaded and loaded N times (unload_storm.sh [N], default 20).
# No splat (the test bed checks the kernel log), and smaps counts the
# memory right, hook or not.
. /lib/gupnuma/lib.sh
n=${1:-20}
tap_plan 3
KO=/lib/gupnuma/gupnuma.ko
/tests/protnone_holder 64 > /tmp/holder &
sleep 1
set -- $(cat /tmp/holder)
pid=$1
reader() { while :; do cat /proc/$pid/smaps >/dev/null; done; }
reader & r1=$!
reader & r2=$!
ok=1
for i in $(seq 1 "$n"); do
	grep -q '^gupnuma ' /proc/modules && { rmmod gupnuma || ok=0; }
	insmod $KO || ok=0
	echo never > /sys/kernel/mm/gupnuma/policy || ok=0
	echo 1 > /sys/kernel/mm/gupnuma/kernel_hook_observe || ok=0
done
kill $r1 $r2
wait $r1 $r2 2>/dev/null
tap_check "$n unload/load cycles under two smaps readers" [ $ok = 1 ]
tap_check "the hook is registered again after the last load, at every site" \
	[ "$(cat /sys/kernel/mm/gupnuma/kernel_hook) $(cat /sys/kernel/mm/gupnuma/kernel_hook_sites)" \
	  = "1 gup folio_walk smaps hmm" ]
rss=$(awk '/^[0-9a-f]+-/ { in_vma = ($1 ~ /^'"$2"'-/) } in_vma && /^Rss:/ { print $2 }' /proc/$pid/smaps)
tap_check "smaps of the protnone range: Rss ${rss} kB of 65536" [ "$rss" = 65536 ]
kill $pid
echo v6.6 > /sys/kernel/mm/gupnuma/policy
echo 0 > /sys/kernel/mm/gupnuma/kernel_hook_observe
tap_exit
