#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The main job's guest side: gupnuma compare with the default settings; the
# table, CSV, JSON and gnuplot script go to the results channel between
# markers for the host to keep (out/results/), and the run checks the split
# the comparison must show.  Usage: compare.sh [gupnuma compare options]
. /lib/gupnuma/lib.sh
tap_plan 4
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko
/tests/gupnuma compare --out /tmp/results "$@" >/tmp/table.txt 2>/tmp/err.txt
rc=$?
sed 's/^/# /' /tmp/err.txt
echo "### gupnuma-file table.txt"
cat /tmp/table.txt
for f in compare.csv compare.json compare.gp; do
	echo "### gupnuma-file $f"
	cat /tmp/results/$f 2>/dev/null
done
echo "### gupnuma-file-end"
tap_check "gupnuma compare ran (exit $rc)" [ $rc = 0 ]
col() { awk -v p="$1" -v c="$2" '$1 == p { print $c }' /tmp/table.txt; }
tap_check "v6.6: the mirror's faults take hinting faults ($(col v6.6 3))" [ "$(col v6.6 3)" -gt 0 ]
tap_check "v6.6: the pages end up on the accessor's node ($(col v6.6 8))" \
	awk -v f="$(col v6.6 8)" 'BEGIN { exit !(f >= 0.9) }'
tap_check "never: no hinting fault, nothing moves ($(col never 3), $(col never 8))" \
	[ "$(col never 3)" = 0 -a "$(col never 8)" = 0.000 ]
tap_exit
