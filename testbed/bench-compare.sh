#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The protnone hook's cost without a registrant: medians of hook_bench on the
# patched test kernel with gupnuma unloaded (run "bench") against the same
# kernel built without kernel-patches/ (run "baseline"), both under -icount.
# TAP, one line per benchmark; bound: patched-unloaded / unpatched <= 1.005.
#   bench-compare.sh BENCH_TAP BASELINE_TAP
set -uo pipefail
bench=${1:?bench TAP} base=${2:?baseline TAP}
keys="gup_fast_us pin_longterm_us smaps_plain_us smaps_protnone_us"
median() {	# file state key
	grep "^bench: $2 " "$1" | sed "s/.*$3=\([0-9]*\).*/\1/" | sort -n | awk '{ v[NR] = $1 }
		END { if (NR) print v[int((NR + 1) / 2)] }'
}
echo "1..4"
n=0 rc=0
for key in $keys; do
	n=$((n + 1))
	p=$(median "$bench" unloaded $key)
	u=$(median "$base" unpatched $key)
	ratio=$(awk -v p="${p:-0}" -v u="${u:-0}" 'BEGIN { if (u > 0 && p > 0) printf "%.4f", p / u; else print "nan" }')
	echo "# $key: patched-unloaded median ${p:-none}, unpatched median ${u:-none}, ratio $ratio"
	if awk -v r="$ratio" 'BEGIN { exit !(r > 0 && r <= 1.005) }'; then
		echo "ok $n $key: patched-unloaded / unpatched = $ratio (<= 1.005)"
	else
		echo "not ok $n $key: patched-unloaded / unpatched = $ratio (<= 1.005)"
		rc=1
	fi
done
exit $rc
