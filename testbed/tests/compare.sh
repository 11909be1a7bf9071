#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gupnuma compare's one-workload table (--accessor mirror, the secondary MMU):
# its outputs are written, and the split the comparison must show is there.
# Usage: compare.sh [gupnuma compare options]
. /lib/gupnuma/lib.sh
tap_plan 4
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko
/tests/gupnuma compare --accessor mirror --out /tmp/results "$@" >/tmp/table.txt 2>/tmp/err.txt
rc=$?
sed 's/^/# /' /tmp/err.txt /tmp/table.txt
tap_check "gupnuma compare ran and wrote its files (exit $rc)" \
	sh -c "[ $rc = 0 ] && cd /tmp/results && [ -s compare.json -a -s matrix.csv -a -s samples.csv -a -s mirror.gp ]"
col() { awk -v p="$1" -v c="$2" '$1 == p { print $c }' /tmp/table.txt; }
tap_check "v6.6: the mirror's faults take hinting faults ($(col v6.6 3))" [ "$(col v6.6 3)" -gt 0 ]
tap_check "v6.6: the pages end up on the accessor's node ($(col v6.6 8))" \
	awk -v f="$(col v6.6 8)" 'BEGIN { exit !(f >= 0.9) }'
tap_check "never: no hinting fault, nothing moves ($(col never 3), $(col never 8))" \
	[ "$(col never 3)" = 0 -a "$(col never 8)" = 0.000 ]
tap_exit
