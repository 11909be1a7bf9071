#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The main job's guest side: load gupnuma and show what a user would look at
# first: the NUMA topology, the NUMA-balancing state and the module's sysfs tree.
. /lib/gupnuma/lib.sh
tap_plan 2
echo "## NUMA topology (numactl --hardware)"
numactl --hardware 2>&1 || for n in /sys/devices/system/node/node[0-9]*; do
	echo "$(basename $n): cpus $(cat $n/cpulist)"
done
echo "## NUMA balancing"
echo "kernel.numa_balancing = $(cat /proc/sys/kernel/numa_balancing)"
# The scan knobs: in debugfs since 5.13, sysctls before (5.10).
knobs=$(ls /sys/kernel/debug/sched/numa_balancing/* 2>/dev/null) ||
	knobs=$(ls /proc/sys/kernel/numa_balancing_* 2>/dev/null)
for k in $knobs; do
	[ -f "$k" ] && echo "$(basename $k) = $(cat $k)"
done
grep -E '^numa_(pte_updates|hint_faults|hint_faults_local|pages_migrated) ' /proc/vmstat
echo "## kvm"
echo "kvm_amd nested=$(cat /sys/module/kvm_amd/parameters/nested 2>/dev/null) npt=$(cat /sys/module/kvm_amd/parameters/npt 2>/dev/null)"
echo "## gupnuma"
tap_check "insmod gupnuma.ko" insmod /lib/gupnuma/gupnuma.ko
if [ -d /sys/kernel/mm/gupnuma ]; then
	find /sys/kernel/mm/gupnuma | sort | while read -r f; do
		if [ -f "$f" ] && [ -r "$f" ] && [ "$(stat -c %a "$f")" != 200 ]; then
			# one value per file; a table (stats/*) shows its lines, indented
			cat "$f" > /tmp/show.val 2>&1
			printf '%-50s %s  %s\n' "$f" "$(stat -c %A "$f")" "$(head -n 1 /tmp/show.val)"
			n=$(wc -l < /tmp/show.val)
			if [ "$n" -gt 1 ]; then
				tail -n +2 /tmp/show.val | head -n 12 | sed 's/^/      /'
				[ "$n" -le 13 ] || echo "      ... ($n lines)"
			fi
		else
			echo "$f/"
		fi
	done
fi
tap_check "/sys/kernel/mm/gupnuma exists" [ -d /sys/kernel/mm/gupnuma ]
tap_exit
