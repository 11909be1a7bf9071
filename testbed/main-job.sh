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
#   main-job.sh [--arch ARCH] [gupnuma compare options]
# --arch (make run ARCH=arm64): another architecture of testbed/arches.table:
# the test kernel cross-built for it under every policy and Debian's kernels
# of that architecture, beside the host's rows of the same kernels, and how
# they compare cell by cell (out/results/architectures.txt).
set -euo pipefail
. "$(dirname "$0")/env.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out
RES=$OUT/results
arch=$HOST_ARCH
[ "${1:-}" != --arch ] || { arch=${2:-}; shift 2; }
check_arch "$arch"
start=$(date +%s)
"$T/deps.sh"
make -s -C "$GUPNUMA_TOP/userspace" all
mapfile -t umake < <(userspace_make "$arch")
make -s -C "$GUPNUMA_TOP/userspace" "${umake[@]}" all
# the test kernel for the architecture, where kernels.table has it
if kernel_row test "$arch"; then
	"$T/build-kernel.sh" --arch "$arch" >/dev/null
	"$T/build-module.sh" --arch "$arch" test >/dev/null
fi
rc=0
if [ "$arch" = "$HOST_ARCH" ]; then
	"$T/matrix.sh" "$@" > "$OUT/matrix.txt" || rc=$?
	grep -v '^ok \|^not ok \|^TAP version\|^1\.\.' "$OUT/runs/matrix-test/ktap/show.sh.tap" || true
	files="matrix.txt fidelity.txt coverage.txt"
else
	# Another architecture: its boots (the test kernel under every policy,
	# Debian's kernels), and in the same run the host's rows of the same
	# policies and kernels, which the verdict compares them with.
	"$T/build-kernel.sh" >/dev/null
	"$T/build-module.sh" test >/dev/null
	# the host's boots on one host core, ARCH's on the other
	{
		"$T/matrix.sh" --part test "$@" > "$OUT/matrix-$HOST_ARCH-test.txt" &&
			"$T/matrix.sh" --part real "$@" > "$OUT/matrix-$HOST_ARCH-real.txt"
	} &
	lane=$!
	"$T/matrix.sh" --arch "$arch" --part test "$@" > "$OUT/matrix-$arch-test.txt" || rc=$?
	"$T/matrix.sh" --arch "$arch" --part real "$@" > "$OUT/matrix-$arch-real.txt" || rc=$?
	wait $lane || rc=$?
	"$T/matrix.sh" --arch "$arch" --part verdict > "$OUT/matrix.txt" || rc=$?
	files="matrix.txt fidelity.txt architectures.txt"
fi
cat "$OUT/matrix.txt"
echo "## results in $RES: $files matrix.json, per run"
echo "## compare.json matrix.csv samples.csv, and plots: overview.png and one per workload"
log "make run took $(( $(date +%s) - start )) s"
[ $rc = 0 ] || die "a guest run of the matrix failed (out/matrix-*.log, out/runs/matrix-*/)"
