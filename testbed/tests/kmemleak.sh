#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kmemleak on the debug kernel, at the end of a run: scan (twice: an object
# is reported once it stayed unreferenced across scans), then fail on any
# leak attributable to gupnuma -- a backtrace frame in gupnuma or in module
# space that no longer resolves (an unloaded module's).  The kernel's own
# reports are counted, not judged.
. /lib/gupnuma/lib.sh
K=/sys/kernel/debug/kmemleak
tap_plan 2
[ -w $K ] || tap_skip_all "no $K (not the debug kernel)" \
	"kmemleak scans" "no leak attributable to gupnuma"
tap_check "kmemleak scans" sh -c "echo scan > $K && sleep 1 && echo scan > $K"
cat $K > /tmp/kmemleak.txt
total=$(grep -c '^unreferenced object' /tmp/kmemleak.txt)
# one record per leak: split at "unreferenced object", keep those naming us
ours=$(awk -v ours='gupnuma|\\[<ffffffffc[0-9a-f]*>\\] 0xffffffffc' '
	/^unreferenced object/ { n += rec ~ ours; rec = "" }
	{ rec = rec "\n" $0 }
	END { print n + (rec ~ ours) }' /tmp/kmemleak.txt)
tap_diag "kmemleak: $total unreferenced objects in all, $ours attributable to gupnuma"
[ "$ours" = 0 ] || grep -B2 -A20 gupnuma /tmp/kmemleak.txt | head -60 | sed 's/^/# /'
tap_check "no leak attributable to gupnuma ($ours of $total)" [ "$ours" = 0 ]
tap_exit
