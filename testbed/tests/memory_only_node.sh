#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A node with memory and no CPU (run.sh --memory-nodes 1, as CXL memory
# appears; topology.sh checks it is there): gupnuma refuses it as the
# accessing node, with a message, and runs the experiment from it: memory
# starting there moves to the accessing CPUs' node (v6.6, mirror).  Needs
# /tests/gupnuma.
. /lib/gupnuma/lib.sh
G=/tests/gupnuma
M=$GUPNUMA_NODES	# the first node without CPUs
tap_plan 3
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko

tap_check "experiment --to node$M: exit 2, no CPUs to access from" \
	fails 2 "node $M has no CPUs to access from" $G experiment migrate --from 0 --to $M
tap_check "compare --to node$M: exit 2, no CPUs to access from" \
	fails 2 "node $M has no CPUs to access from" $G compare --from 0 --to $M

out=$($G experiment migrate --from $M --to 0 --size 4 --duration 4 2>&1)
echo "$out" | sed 's/^/# /'
# the summary row (under the header) ends with the fraction local to node0
local_end=$(echo "$out" | awk 'seen { print $NF; exit } $1 == "policy" { seen = 1 }')
tap_check "experiment from node$M to node0: ${local_end:-no} of the memory on node0 at the end (>= 0.9)" \
	awk -v f="${local_end:-0}" 'BEGIN { exit !(f >= 0.9) }'
tap_exit
