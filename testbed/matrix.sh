#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The workload matrix on every kernel, and its fidelity verdict: the guest
# side (tests/matrix.sh) runs `gupnuma compare` on the test kernel under every
# built-in policy (4K, and the THP-level workloads with --thp), then on
# Debian's 6.12, 6.1 and 5.10 without gupnuma (the real kernels' rows).
# testbed/fidelity.py puts them side by side in out/results/.
#   matrix.sh [--tap] [gupnuma compare options]
# --tap: print fidelity.py's TAP (make check); else the tables (make run).
# Exit status: non-zero when a guest run failed, or with --tap a check failed.
set -euo pipefail
. "$(dirname "$0")/env.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out
RES=$OUT/results
tap=""
[ "${1:-}" != --tap ] || { tap=--tap; shift; }
opts=(--size 8 --duration 3 "$@")
args=$(IFS=,; echo "${opts[*]}")
# run.sh splits a test's arguments at commas: a list is joined with '+' here
thp="--thp,--workloads,kvm-read+mirror+remote-read+direct-io+move-pages,$args"
U=$OUT/userspace/gupnuma
rm -rf "$RES" && mkdir -p "$RES"
failed=0
# guest NAME KERNEL [run.sh options] TEST...: one boot; its files into $RES.
guest() {
	local name=$1 kernel=$2
	shift 2
	if ! "$T/run.sh" --kernel "$kernel" --name "$name" --timeout 1200 --file "$U" "$@" \
		>"$OUT/$name.log" 2>&1; then
		log "the $name run failed (out/$name.log, out/runs/$name/)"
		[ -n "$tap" ] || tail -20 "$OUT/$name.log" >&2
		failed=1
	fi
	awk -v dir="$RES" '/^### gupnuma-file-end/ { f = ""; next }
		/^### gupnuma-file / { f = dir "/" $3; sub("/[^/]*$", "", $3);
				       system("mkdir -p " dir "/" $3); next }
		f { print > f }' "$OUT/runs/$name/results.log"
}
guest matrix-test test --module "$OUT/mod-test/gupnuma.ko" --bin numactl "$T/tests/show.sh" \
	"$T/tests/matrix.sh:test,$args" "$T/tests/matrix.sh:test-thp,$thp"
# Debian's kernels: no gupnuma, their own decisions; ref_kernel.sh checks the boot.
guest matrix-6.12 stock "$T/tests/ref_kernel.sh" "$T/tests/matrix.sh:real-6.12,$args"
guest matrix-6.1 ref-6.1 "$T/tests/topology.sh" "$T/tests/ref_kernel.sh" \
	"$T/tests/matrix.sh:real-6.1,$args"
guest matrix-5.10 ref-5.10 "$T/tests/topology.sh" "$T/tests/ref_kernel.sh" \
	"$T/tests/matrix.sh:real-5.10,$args"
python3 "$T/fidelity.py" "$RES" "$U" "$GUPNUMA_TOP/docs/experiments.md" $tap || failed=1
if command -v gnuplot >/dev/null; then
	(cd "$RES" && for g in *.gp; do gnuplot "$g"; done) || { log "gnuplot failed in $RES"; failed=1; }
fi
exit $failed
