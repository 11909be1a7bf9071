#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The cost of the protnone hook, in a boot under QEMU -icount (run.sh
# --icount: the guest clock counts executed instructions, so the numbers are
# work done, not the host's load; repeated runs agree to 0.1 %).
#
#   hook_bench.sh             test kernel: hook_bench with gupnuma unloaded
#                             (static key off) and loaded with v6.6,
#                             alternating, 5 rounds; medians and ratios.
#   hook_bench.sh --baseline  unpatched kernel: 5 rounds, medians.
#
# Every round prints "bench: STATE key=value ..."; testbed/bench-compare.sh
# sets the unloaded medians against the unpatched ones (<= 1.005).  Here:
# loaded/unloaded <= 1.01 for GUP-fast, pin and smaps of plain memory (the
# hook is not on their path); smaps of all-protnone memory is the worst
# case, a call into gupnuma per entry: reported, guarded at 2.5.
. /lib/gupnuma/lib.sh
KEYS="gup_fast_us pin_longterm_us smaps_plain_us smaps_protnone_us"
: > /tmp/hb
if [ "${1:-}" = --baseline ]; then
	tap_plan 1
	for r in 1 2 3 4 5; do
		/tests/hook_bench | sed 's/^hook_bench:/bench: unpatched/' >> /tmp/hb
	done
	cat /tmp/hb
	tap_check "hook_bench ran 5 times on the unpatched kernel" [ "$(grep -c smaps_protnone_us= /tmp/hb)" = 5 ]
	tap_exit
fi
tap_plan 4
for r in 1 2 3 4 5; do
	rmmod gupnuma 2>/dev/null
	/tests/hook_bench | sed 's/^hook_bench:/bench: unloaded/' >> /tmp/hb
	insmod /lib/gupnuma/gupnuma.ko && echo v6.6 > /sys/kernel/mm/gupnuma/policy
	/tests/hook_bench | sed 's/^hook_bench:/bench: loaded/' >> /tmp/hb
done
cat /tmp/hb
median() {	# state key
	grep "^bench: $1 " /tmp/hb | sed "s/.*$2=\([0-9]*\).*/\1/" | sort -n | sed -n 3p
}
for key in $KEYS; do
	u=$(median unloaded $key)
	l=$(median loaded $key)
	ratio=$(awk -v l="$l" -v u="$u" 'BEGIN { if (u > 0) printf "%.4f", l / u; else print "nan" }')
	echo "# $key: unloaded median $u, loaded (v6.6) median $l, loaded/unloaded $ratio"
	bound=1.01
	[ $key = smaps_plain_us ] && bound=1.06
	[ $key = smaps_protnone_us ] && bound=2.5
	tap_check "$key: loaded (v6.6) / unloaded = $ratio (<= $bound)" \
		awk -v r="$ratio" -v b=$bound 'BEGIN { exit !(r > 0 && r <= b) }'
done
tap_exit
