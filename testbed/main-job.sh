#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: the main job.  Boots Debian's stock 6.12 kernel in QEMU with two
# NUMA nodes, shows the topology and the module's sysfs tree, and runs
# `gupnuma compare` (memory on node 0, a secondary MMU accessing it from node
# 1, under every built-in policy).  The table, CSV, JSON and plot land in
# out/results/.  Extra arguments go to gupnuma compare.
set -euo pipefail
. "$(dirname "$0")/env.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out
RES=$OUT/results
"$T/deps.sh"
"$T/build-module.sh" stock >/dev/null
make -s -C "$GUPNUMA_TOP/userspace" all
args=$(IFS=,; echo "$*")
if ! "$T/run.sh" --kernel stock --name main --bin numactl --timeout 900 \
	--module "$OUT/mod-stock/gupnuma.ko" --file "$OUT/userspace/gupnuma" \
	"$T/tests/show.sh" "$T/tests/compare.sh${args:+:$args}" >"$OUT/main.log" 2>&1; then
	cat "$OUT/main.log"
	die "the main job failed (log above)"
fi
grep -v '^ok \|^not ok \|^TAP version\|^1\.\.' "$OUT/runs/main/ktap/show.sh.tap"
rm -rf "$RES" && mkdir -p "$RES"
awk -v dir="$RES" '/^### gupnuma-file-end/ { f = ""; next }
	/^### gupnuma-file / { f = dir "/" $3; next }
	f { print > f }' "$OUT/runs/main/ktap/compare.sh.tap"
(cd "$RES" && gnuplot compare.gp) || die "gnuplot failed on $RES/compare.gp"
echo "## gupnuma compare (results in $RES: table.txt compare.csv compare.json compare.png)"
cat "$RES/table.txt"
