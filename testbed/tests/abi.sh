#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# docs/ABI/sysfs-kernel-mm-gupnuma against the live tree: every file under
# /sys/kernel/mm/gupnuma/ has an entry (policies/NAME/ as policies/<policy>/),
# every entry names a file that exists, and each file's mode is what its
# entry says: (RO) 0444, (RW) 0644, (WO) 0200.  Then the same for the
# debugfs tables the ABI's first entry points to.
. /lib/gupnuma/lib.sh
ABI=/tests/sysfs-kernel-mm-gupnuma
D=/sys/kernel/mm/gupnuma
tap_plan 5
insmod /lib/gupnuma/gupnuma.ko 2>/dev/null
tap_check "gupnuma is loaded" [ -d $D ]

# the entries, "PATH MODE" (directories have no mode)
awk '/^What:/ { what = $2 } /^Description:/ && what !~ /\/$/ {
	mode = $2 == "(RO)" ? 444 : $2 == "(RW)" ? 644 : $2 == "(WO)" ? 200 : "?"
	print what, mode }' $ABI | sort > /tmp/abi.doc
# the live files, "PATH MODE", each policy directory named <policy>
find $D -type f | sort | while read -r f; do
	echo "$(echo "$f" | sed 's|/policies/[^/]*/|/policies/<policy>/|') $(stat -c %a "$f")"
done | sort -u > /tmp/abi.live

undocumented() {
	cut -d' ' -f1 /tmp/abi.live | sort -u > /tmp/abi.live.paths
	cut -d' ' -f1 /tmp/abi.doc | sort -u > /tmp/abi.doc.paths
	out=$(grep -vxF -f /tmp/abi.doc.paths /tmp/abi.live.paths)
	echo "$(wc -l < /tmp/abi.live.paths) files; undocumented: ${out:-none}"
	[ -z "$out" ] && [ -s /tmp/abi.live.paths ] && [ -s /tmp/abi.doc.paths ]
}
missing() {
	out=$(grep -vxF -f /tmp/abi.live.paths /tmp/abi.doc.paths)
	echo "documented but missing: ${out:-none}"
	[ -z "$out" ]
}
modes() {
	out=$(grep -vxF -f /tmp/abi.doc /tmp/abi.live)
	echo "files whose mode is not their entry's: ${out:-none}"
	[ -z "$out" ] && [ -s /tmp/abi.doc ]
}
tap_check "every file of $D has an ABI entry" undocumented
tap_check "every ABI entry is a file of $D" missing
tap_check "every file's mode is its entry's (RO 0444, RW 0644, WO 0200)" modes
tap_check "the debugfs stats tables are there, root-only" \
	sh -c "for t in decisions nodes divergences; do
		[ \"\$(stat -c %a /sys/kernel/debug/gupnuma/\$t)\" = 400 ] || exit 1; done"
rmmod gupnuma
tap_exit
