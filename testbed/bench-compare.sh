#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The protnone hook's cost, from hook_bench under -icount: medians of the
# test kernel with gupnuma unloaded, loaded (the kernel's policy: no site taken) and loaded
# in observe mode (every site taken), run "bench", and of the same
# kernel built without kernel-patches/, run "baseline".  TAP, one line per
# benchmark and comparison:
#   loaded / unloaded      <= 1.01 for all four;
#   observing / unloaded   <= 1.01 (GUP-fast, pin), 1.06 (smaps, plain: the
#                          hooked loop tests every entry), 1.3 (smaps, all
#                          protnone: a decision in gupnuma per page table,
#                          an increment per entry);
#   unloaded / unpatched   <= 1.005 for all four.
#   bench-compare.sh BENCH_TAP BASELINE_TAP
set -uo pipefail
bench=${1:?bench TAP} base=${2:?baseline TAP}
keys="gup_fast_us pin_longterm_us smaps_plain_us smaps_protnone_us"
median() {	# file state key
	grep "^bench: $2 " "$1" | sed "s/.*$3=\([0-9]*\).*/\1/" | sort -n | awk '{ v[NR] = $1 }
		END { if (NR) print v[int((NR + 1) / 2)] }'
}
n=0 rc=0
# check WHAT NUMERATOR DENOMINATOR BOUND KEY: one TAP line for a ratio of medians.
check() {
	local ratio
	n=$((n + 1))
	ratio=$(awk -v p="${2:-0}" -v u="${3:-0}" 'BEGIN { if (u > 0 && p > 0) printf "%.4f", p / u; else print "nan" }')
	echo "# $5: $1 = ${2:-none} / ${3:-none} = $ratio"
	if awk -v r="$ratio" -v b="$4" 'BEGIN { exit !(r > 0 && r <= b) }'; then
		echo "ok $n $5: $1 = $ratio (<= $4)"
	else
		echo "not ok $n $5: $1 = $ratio (<= $4)"
		rc=1
	fi
}
echo "1..12"
for key in $keys; do
	bound=1.01
	[ $key = smaps_plain_us ] && bound=1.06
	[ $key = smaps_protnone_us ] && bound=1.3
	check "loaded (the kernel's policy) / unloaded" "$(median "$bench" loaded $key)" \
		"$(median "$bench" unloaded $key)" 1.01 $key
	check "observing / unloaded" "$(median "$bench" observing $key)" \
		"$(median "$bench" unloaded $key)" $bound $key
	check "patched-unloaded / unpatched" "$(median "$bench" unloaded $key)" \
		"$(median "$base" unpatched $key)" 1.005 $key
done
exit $rc
