#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: the main job.  Builds (once, then cached) the test kernel with the
# protnone hook and gupnuma.ko for it, and runs the workload matrix
# (testbed/matrix.sh): every workload of `gupnuma compare` under every built-in
# policy on the test kernel, the same workloads on each Debian kernel of
# testbed/kernels.table (6.12, 6.1, bullseye's 5.10, trixie-backports' 7.3)
# under their own decisions, and the fidelity verdict of each policy against
# the kernel it is named after.  While it runs it shows which boot, which
# cell and the time elapsed (also in out/matrix-progress.log).  Prints the
# topology and the module's sysfs tree, the matrix and the verdict; tables,
# CSV, JSON and plots land in out/results/.  Extra arguments go to gupnuma
# compare.
set -euo pipefail
. "$(dirname "$0")/env.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out
RES=$OUT/results
start=$(date +%s)
"$T/deps.sh"
"$T/build-kernel.sh" >/dev/null
"$T/build-module.sh" test >/dev/null
make -s -C "$GUPNUMA_TOP/userspace" all
rc=0
"$T/matrix.sh" "$@" > "$OUT/matrix.txt" || rc=$?
grep -v '^ok \|^not ok \|^TAP version\|^1\.\.' "$OUT/runs/matrix-test/ktap/show.sh.tap" || true
cat "$OUT/matrix.txt"
echo "## results in $RES: matrix.txt fidelity.txt coverage.txt matrix.json, per run"
echo "## compare.json matrix.csv samples.csv, and plots: overview.png and one per workload"
log "make run took $(( $(date +%s) - start )) s"
[ $rc = 0 ] || die "a guest run of the matrix failed (out/matrix-*.log, out/runs/matrix-*/)"
