#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest side of the workload matrix (make run, make check): gupnuma compare
# with every workload, under every built-in policy where gupnuma.ko is in the
# initramfs (the test kernel), else under the running kernel's own decisions
# (Debian's 5.10, 6.1 and 6.12: the reference rows).  Its results go to the
# host between file markers (testbed/matrix.sh keeps them in out/results/),
# and the run checks that compare left nothing behind: no pinned page, no
# process, no VM.
#   matrix.sh NAME [gupnuma compare options]   (a list may be joined with '+':
#                                               run.sh splits arguments at commas)
. /lib/gupnuma/lib.sh
name=$1
shift
# shellcheck disable=SC2046
set -- $(echo "$@" | tr + ,)
tap_plan 4
if [ -f /lib/gupnuma/gupnuma.ko ] && ! grep -q '^gupnuma ' /proc/modules; then
	insmod /lib/gupnuma/gupnuma.ko || tap_diag "insmod gupnuma.ko failed"
fi
vm() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
# pins held now: the per-CPU counter deltas folded first (stat_refresh), else
# /proc/vmstat lags them and a difference comes and goes as vmstat_update()
# folds one CPU's delta and then the other's
pins() {
	echo 1 > /proc/sys/vm/stat_refresh 2>/dev/null
	echo $(( $(vm nr_foll_pin_acquired) - $(vm nr_foll_pin_released) ))
}
pins0=$(pins)
# compare's progress (a line per cell) goes out as it comes: the host shows it
{ /tests/gupnuma compare --out /tmp/$name "$@" 2>&1 >/tmp/$name.txt; echo $? >/tmp/$name.rc; } |
	sed 's/^/# /'
rc=$(cat /tmp/$name.rc)
cat /tmp/$name.txt
for f in compare.json matrix.csv samples.csv; do
	echo "### gupnuma-file $name/$f"
	cat /tmp/$name/$f 2>/dev/null
done
echo "### gupnuma-file-end"
tap_check "gupnuma compare $* ran (exit $rc)" [ $rc = 0 ]
# io_uring releases its buffers from a work item once the ring's fd is closed
i=0
while [ "$(pins)" != "$pins0" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
pins1=$(pins)
tap_check "no page left pinned (nr_foll_pin_acquired - released: $pins0 before, $pins1 after)" \
	[ "$pins1" = "$pins0" ]
tap_check "no process left behind" sh -c "! ps -o pid,comm | grep -w gupnuma"
# (but the one /init holds: testbed/kvm-hold.c)
tap_check "no VM left behind" sh -c "! ls -d /sys/kernel/debug/kvm/*-* 2>/dev/null |
	grep -v \"/\$(cat /tmp/kvm-hold.pid 2>/dev/null || echo none)-\""
tap_exit
