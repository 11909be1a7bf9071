#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The cost of the protnone hook, in a boot under QEMU -icount (run.sh
# --icount: the guest clock counts executed instructions, so the numbers are
# work done, not the host's load; repeated runs agree to 0.1 %).
#
#   hook_bench.sh             test kernel: hook_bench with gupnuma unloaded
#                             (static keys off), loaded with the kernel's policy (which
#                             takes no site: it decides as the kernel does)
#                             and loaded with it in observe mode (every
#                             site taken, every decision counted), in turn,
#                             5 rounds.
#   hook_bench.sh --baseline  unpatched kernel: 5 rounds.
#
# Every round prints "bench: STATE key=value ..."; testbed/bench-compare.sh
# computes the medians and ratios on the host: loaded/unloaded <= 1.01 for
# all four; observing/unloaded <= 1.01 for GUP-fast and pin, 1.06 for smaps
# of plain memory (the hooked loop tests every entry for protnone), 1.3 for
# smaps of all-protnone memory (a call into gupnuma per page table, a batch);
# unloaded/unpatched <= 1.005 for all four.
. /lib/gupnuma/lib.sh
D=/sys/kernel/mm/gupnuma
plan=2
[ "${1:-}" = --baseline ] && plan=1
tap_plan $plan
: > /tmp/hb
for r in 1 2 3 4 5; do
	if [ "${1:-}" = --baseline ]; then
		/tests/hook_bench | sed 's/^hook_bench:/bench: unpatched/' >> /tmp/hb
		continue
	fi
	rmmod gupnuma 2>/dev/null
	/tests/hook_bench | sed 's/^hook_bench:/bench: unloaded/' >> /tmp/hb
	insmod /lib/gupnuma/gupnuma.ko && kernel_policy > $D/policy
	echo "# loaded: sites $(cat $D/kernel_hook_sites)" >> /tmp/hb
	/tests/hook_bench | sed 's/^hook_bench:/bench: loaded/' >> /tmp/hb
	echo 1 > $D/kernel_hook_observe
	echo "# observing: sites $(cat $D/kernel_hook_sites)" >> /tmp/hb
	/tests/hook_bench | sed 's/^hook_bench:/bench: observing/' >> /tmp/hb
done
cat /tmp/hb
if [ "${1:-}" = --baseline ]; then
	tap_check "hook_bench ran 5 times" [ "$(grep -c smaps_protnone_us= /tmp/hb)" = 5 ]
	tap_exit
fi
tap_check "hook_bench ran 15 times" [ "$(grep -c smaps_protnone_us= /tmp/hb)" = 15 ]
tap_check "loaded ($(kernel_policy), the kernel's): no site taken, observing: every site" \
	[ "$(grep -c '^# loaded: sites none$' /tmp/hb) $(grep -c '^# observing: sites gup folio_walk smaps hmm$' /tmp/hb)" = "5 5" ]
tap_exit
