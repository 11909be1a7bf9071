#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The cost of the protnone hook, side by side in one boot: hook_bench with
# gupnuma unloaded (the static key off) and loaded with v6.6 (every protnone
# entry a call into gupnuma), alternating, 5 rounds; medians and ratios.
# Target: loaded/unloaded <= 1.01 where nothing is protnone (the guard here,
# for noisy TCG, is 1.5).  smaps_protnone is the worst case, every entry a
# call into gupnuma: reported, guarded at 4.
. /lib/gupnuma/lib.sh
tap_plan 4
for r in 1 2 3 4 5; do
	rmmod gupnuma 2>/dev/null
	/tests/hook_bench | sed 's/^hook_bench:/unloaded/' >> /tmp/hb
	insmod /lib/gupnuma/gupnuma.ko && echo v6.6 > /sys/kernel/mm/gupnuma/policy
	/tests/hook_bench | sed 's/^hook_bench:/loaded/' >> /tmp/hb
done
sed 's/^/# /' /tmp/hb
median() {	# state key
	grep "^$1 " /tmp/hb | sed "s/.*$2=\([0-9]*\).*/\1/" | sort -n | sed -n 3p
}
for key in gup_fast_us pin_longterm_us smaps_plain_us smaps_protnone_us; do
	u=$(median unloaded $key)
	l=$(median loaded $key)
	ratio=$(awk -v l="$l" -v u="$u" 'BEGIN { if (u > 0) printf "%.3f", l / u; else print "nan" }')
	echo "bench: hook $key unloaded_median=$u loaded_median=$l loaded_over_unloaded=$ratio"
	guard=1.5
	[ $key = smaps_protnone_us ] && guard=4
	tap_check "$key: loaded (v6.6) / unloaded = $ratio (guard <= $guard)" \
		awk -v r="$ratio" -v g=$guard 'BEGIN { exit !(r > 0 && r <= g) }'
done
tap_exit
