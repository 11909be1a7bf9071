#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: the main job.  Boots the stock Debian 6.12 kernel in QEMU with two
# NUMA nodes, loads gupnuma and prints the NUMA topology, the NUMA-balancing
# state and the module's sysfs tree.
set -euo pipefail
. "$(dirname "$0")/env.sh"
T=$GUPNUMA_TOP/testbed
"$T/deps.sh"
"$T/build-module.sh" stock >/dev/null
if ! "$T/run.sh" --kernel stock --name main --bin numactl \
	--module "$GUPNUMA_TOP/out/mod-stock/gupnuma.ko" "$T/tests/show.sh" \
	>"$GUPNUMA_TOP/out/main.log" 2>&1; then
	cat "$GUPNUMA_TOP/out/main.log"
	die "the main job failed (log above)"
fi
grep -v '^ok \|^not ok \|^TAP version\|^1\.\.' "$GUPNUMA_TOP/out/runs/main/ktap/show.sh.tap"
