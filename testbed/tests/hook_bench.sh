#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The cost of the protnone hook, in a boot under QEMU -icount (run.sh
# --icount: the guest clock counts executed instructions, so the numbers are
# work done, not the host's load; repeated runs agree to 0.1 %).
#
#   hook_bench.sh             test kernel: hook_bench with gupnuma unloaded
#                             (static key off) and loaded with v6.6,
#                             alternating, 5 rounds.
#   hook_bench.sh --baseline  unpatched kernel: 5 rounds.
#
# Every round prints "bench: STATE key=value ..."; testbed/bench-compare.sh
# computes the medians and ratios on the host: loaded/unloaded <= 1.01 for
# GUP-fast and pin, 1.06 for smaps of plain memory (the hooked loop tests
# every entry for protnone), 2.5 for smaps of all-protnone memory (a call
# into gupnuma per entry); unloaded/unpatched <= 1.005 for all four.
. /lib/gupnuma/lib.sh
tap_plan 1
: > /tmp/hb
for r in 1 2 3 4 5; do
	if [ "${1:-}" = --baseline ]; then
		/tests/hook_bench | sed 's/^hook_bench:/bench: unpatched/' >> /tmp/hb
		continue
	fi
	rmmod gupnuma 2>/dev/null
	/tests/hook_bench | sed 's/^hook_bench:/bench: unloaded/' >> /tmp/hb
	insmod /lib/gupnuma/gupnuma.ko && echo v6.6 > /sys/kernel/mm/gupnuma/policy
	/tests/hook_bench | sed 's/^hook_bench:/bench: loaded/' >> /tmp/hb
done
cat /tmp/hb
want=10
[ "${1:-}" = --baseline ] && want=5
tap_check "hook_bench ran $want times" [ "$(grep -c smaps_protnone_us= /tmp/hb)" = $want ]
tap_exit
