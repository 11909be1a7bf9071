#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest has the NUMA topology the test bed asked for and NUMA balancing on:
# every node has memory, and a CPU unless it is one of run.sh --memory-nodes.
. /lib/gupnuma/lib.sh
tap_plan 5

online=$(cat /sys/devices/system/node/online)
all=$((GUPNUMA_NODES + ${GUPNUMA_MEMORY_NODES:-0}))
want="0-$((all - 1))"
[ "$all" -gt 1 ] || want=0
tap_check "nodes online are $want (got $online)" [ "$online" = "$want" ]

ok=1
for n in $(seq 0 $((all - 1))); do
	mem=$(awk '/MemTotal/ {print $4}' /sys/devices/system/node/node$n/meminfo 2>/dev/null)
	cpus=$(cat /sys/devices/system/node/node$n/cpulist 2>/dev/null)
	tap_diag "node$n: MemTotal ${mem:-?} kB, cpus ${cpus:-none}"
	[ "${mem:-0}" -gt 0 ] || ok=0
	if [ $n -lt "$GUPNUMA_NODES" ]; then [ -n "$cpus" ] || ok=0; else [ -z "$cpus" ] || ok=0; fi
done
tap_check "every node has memory, and a CPU unless it is a memory-only node" [ $ok = 1 ]

nb=$(cat /proc/sys/kernel/numa_balancing)
tap_check "numa_balancing is on (got $nb)" [ "$nb" = 1 -o "$nb" = 3 ]

# debugfs since 5.13, sysctls before (Debian bullseye's 5.10)
knobs=/sys/kernel/debug/sched/numa_balancing/scan_
[ -e ${knobs}delay_ms ] || knobs=/proc/sys/kernel/numa_balancing_scan_
tap_check "NUMA-balancing scan knobs (${knobs}*)" [ -w ${knobs}delay_ms -a -w ${knobs}period_min_ms ]

tap_check "numa_hint_faults counted in /proc/vmstat" grep -q '^numa_hint_faults ' /proc/vmstat
tap_exit
