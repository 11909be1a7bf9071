#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A migrating workload's answer is what follows NUMA balancing's scan of its
# memory: gupnuma compare runs a cell until half its duration after the scan
# (t_scanned_s in compare.json), and a cell with no scan in 30 s is n/a with
# the reason, not "stays".  The cpu workload: its own accesses move its
# memory under every policy once the scan made it protnone.
. /lib/gupnuma/lib.sh
tap_plan 6
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko
nb=$(cat /proc/sys/kernel/numa_balancing)
# cell FIELD: FIELD of the cpu cell in /tmp/scan/compare.json (one cell a line)
cell() { grep '"workload": "cpu"' /tmp/scan/compare.json | sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p"; }
# last_t: the time of the cell's last sample
last_t() { awk -F, '$2 == "cpu" { t = $3 } END { print t }' /tmp/scan/samples.csv; }
run() {
	rm -rf /tmp/scan
	/tests/gupnuma compare --workloads cpu --policies v6.6 --size 8 --duration 1 \
		--out /tmp/scan >/tmp/scan.txt 2>&1
	rc=$?
	sed 's/^/# /' /tmp/scan.txt
}

echo 1 > /proc/sys/kernel/numa_balancing
run
ts=$(cell t_scanned_s)
tap_check "scanned: the cell says when the scan came ($ts s, exit $rc)" \
	sh -c "[ $rc = 0 ] && [ -n '$ts' ] && [ '$ts' != null ]"
tap_check "scanned: the cell's answer is moves ($(cell outcome))" [ "$(cell outcome)" = '"moves"' ]
tap_check "scanned: it ran half its duration past the scan (last sample $(last_t) s)" \
	awk -v t="$(last_t)" -v s="$ts" 'BEGIN { exit !(s != "null" && t >= s + 0.5 - 0.01) }'

# no scan at all: NUMA balancing off, as a user may have left it
echo 0 > /proc/sys/kernel/numa_balancing
run
echo "$nb" > /proc/sys/kernel/numa_balancing
tap_check "unscanned: no scan time ($(cell t_scanned_s), exit $rc)" \
	sh -c "[ $rc = 0 ] && [ '$(cell t_scanned_s)' = null ]"
tap_check "unscanned: the answer is n/a, with the reason, in the table too ($(cell outcome))" \
	sh -c "[ '$(cell outcome)' = '\"n/a\"' ] &&
	       grep -q 'did not scan the memory in 30 s' /tmp/scan/compare.json &&
	       grep -q '^  cpu under v6.6: NUMA balancing did not scan the memory in 30 s' /tmp/scan.txt &&
	       grep -q '^v6.6 *?$' /tmp/scan.txt"
tap_check "unscanned: it waited 30 s for the scan (last sample $(last_t) s)" \
	awk -v t="$(last_t)" 'BEGIN { exit !(t >= 29.9) }'
tap_exit
