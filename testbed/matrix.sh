#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The workload matrix on every kernel, and its fidelity verdict: the guest
# side (tests/matrix.sh) runs `gupnuma compare` on the test kernel under every
# built-in policy (4K, and the THP-level workloads with --thp), then on each
# Debian kernel of testbed/kernels.table without gupnuma (the real kernels'
# rows: real-6.12, real-6.1, real-5.10, real-7.3), 4K and THP.
# testbed/fidelity.py puts them side by side in out/results/.
#   matrix.sh [--tap] [--arch ARCH] [--part test|real[:K1,K2...]|verdict] [gupnuma compare options]
# --tap: print fidelity.py's TAP (make check); else the tables (make run).
# --arch: the boots for that architecture of testbed/arches.table (the runs
# test-ARCH and real-MAJOR.MINOR-ARCH for another than the host's, with the
# CLI and gupnuma.ko cross-built for it); the verdict then also compares
# them with the host's rows of the same kernels and policies, cell by cell.
# --part: only the test kernel's boot, only the real kernels' boots, or only
# the verdict over the results they left (make check runs the boots on both
# host cores, then the verdict); default: all three.  real:K1,K2 boots only
# those Debian rows of testbed/kernels.table.
# Exit status: non-zero when a guest run failed, or with --tap a check failed.
set -euo pipefail
. "$(dirname "$0")/env.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out
RES=$OUT/results
tap="" part=all
[ "${1:-}" != --tap ] || { tap=--tap; shift; }
arch=$HOST_ARCH
[ "${1:-}" != --arch ] || { arch=${2:-}; shift 2; }
check_arch "$arch"
[ "${1:-}" != --part ] || { part=$2; shift 2; }
reals=$(kernel_names debian "$arch")
sfx=$(arch_suffix "$arch")
case $part in
all|test|real|verdict) ;;
real:*) reals=$(echo "${part#real:}" | tr , ' '); part=real ;;
*) die "matrix.sh: --part test|real[:K1,K2...]|verdict" ;;
esac
for k in $reals; do
	need_kernel "$k" "$arch"
	[ "$K_KIND" = debian ] || die "matrix.sh: '$k' is not a Debian row of testbed/kernels.table"
done
# the test kernel's boot, where the test kernel has a row for the architecture
if [ $part = all ] || [ $part = test ]; then
	kernel_row test "$arch" ||
		{ log "no $arch row of the test kernel (testbed/kernels.table): its real kernels only"
		  [ $part = all ] || exit 0; part=real+verdict; }
fi
opts=(--size 8 --duration 3 "$@")
args=$(IFS=,; echo "${opts[*]}")
# The workloads measured at the PMD level too, from the host's CLI (gupnuma
# list workloads: thp yes); on Debian's kernels only those that need no
# gupnuma (a workload asked for by name that cannot run there is refused).
# run.sh splits a test's arguments at commas: a list is joined with '+' here.
# thp_workloads [real]
thp_workloads() {
	"$(arch_out "$HOST_ARCH")/userspace/gupnuma" list workloads |
		awk -v real="${1:-}" '$4 == "yes" && !(real && $3 ~ /(^|\+)module(\+|$)/) {
			printf "%s%s", sep, $1; sep = "+" }'
}
thp_test=$(thp_workloads) thp_reals=$(thp_workloads real)
[ -n "$thp_test" ] && [ -n "$thp_reals" ] || die "matrix.sh: no THP workload from gupnuma list workloads"
thp="--thp,--workloads,$thp_test,$args"
thp_real="--thp,--workloads,$thp_reals,$args"
U=$(arch_out "$arch")/userspace/gupnuma
mkdir -p "$RES"
failed=0 boots=0
[ $part = real ] || [ $part = verdict ] || [ $part = real+verdict ] || boots=1
[ $part = test ] || [ $part = verdict ] || boots=$((boots + $(echo $reals | wc -w)))
start=$(date +%s) boot=0 follow=""
# the progress follower of the boot under way, also when make run is interrupted
trap '[ -z "$follow" ] || kill "$follow" 2>/dev/null' EXIT
[ $part != all ] || : > "$OUT/matrix-progress.log"
# progress NAME LABEL: each cell of run NAME as its guest starts it (compare's
# "POLICY: WORKLOAD, ..." lines), with the time since the matrix began, on
# stderr and in out/matrix-progress.log.
progress() {
	local n=0 line
	while read -r line; do
		case $line in
		"# gupnuma: "*": "*", "*" MiB "*)
			n=$((n + 1))
			echo "gupnuma: [$(( $(date +%s) - start )) s, $2] cell $n: ${line#\# gupnuma: }" ;;
		esac
	done | show_progress
}
# show_progress: stdin to out/matrix-progress.log, and to stderr unless --tap
# (make check reads this script's output as TAP).
show_progress() {
	if [ -n "$tap" ]; then
		cat >> "$OUT/matrix-progress.log"
	else
		tee -a "$OUT/matrix-progress.log" >&2
	fi
}
# guest NAME KERNEL [run.sh options] TEST...: one boot; its files into $RES.
guest() {
	local name=$1 kernel=$2
	shift 2
	boot=$((boot + 1))
	echo "gupnuma: [$(( $(date +%s) - start )) s] boot $boot of $boots: $name on the $kernel kernel" |
		show_progress
	mkdir -p "$OUT/runs/$name" && rm -f "$OUT/runs/$name/results.log"
	tail -n +1 -F "$OUT/runs/$name/results.log" 2>/dev/null > >(progress "$name" "$kernel") &
	follow=$!
	if ! "$T/run.sh" --kernel "$kernel" --arch "$arch" --name "$name" --timeout 1200 --file "$U" "$@" \
		>"$OUT/$name.log" 2>&1; then
		log "the $name run failed (out/$name.log, out/runs/$name/)"
		[ -n "$tap" ] || tail -20 "$OUT/$name.log" >&2
		failed=1
	fi
	kill "$follow" 2>/dev/null
	follow=""
	awk -v dir="$RES" '/^### gupnuma-file-end/ { f = ""; next }
		/^### gupnuma-file / { f = dir "/" $3; sub("/[^/]*$", "", $3);
				       system("mkdir -p " dir "/" $3); next }
		f { print > f }' "$OUT/runs/$name/results.log"
}
if [ $part = all ] || [ $part = test ]; then
	rm -rf "$RES/test$sfx" "$RES/test$sfx-thp"
	guest "matrix-test$sfx" test --module "$(arch_out "$arch")/mod-test/gupnuma.ko" --bin numactl \
		"$T/tests/show.sh" "$T/tests/matrix.sh:test$sfx,$args" "$T/tests/matrix.sh:test$sfx-thp,$thp"
fi
# Debian's kernels: no gupnuma, their own decisions; ref_kernel.sh checks the
# boot.  A row is real-MAJOR.MINOR[-ARCH] (testbed/fidelity.py: real_row()),
# its THP run real-MAJOR.MINOR[-ARCH]-thp.
for k in $reals; do
	[ $part = all ] || [ $part = real ] || [ $part = real+verdict ] || break
	kernel_row "$k" "$arch"
	v=$(echo "$K_RELEASE" | cut -d. -f1,2)$sfx
	rm -rf "$RES/real-$v" "$RES/real-$v-thp"
	guest "matrix-$v" "$k" "$T/tests/topology.sh" "$T/tests/ref_kernel.sh" \
		"$T/tests/matrix.sh:real-$v,$args" "$T/tests/matrix.sh:real-$v-thp,$thp_real"
done
[ $part = all ] || [ $part = verdict ] || [ $part = real+verdict ] || exit $failed
# the verdict reads the host's CLI (its policy table) and draws the plots
# with it (gupnuma plot); --arch names the rows of another architecture it
# must find
python3 "$T/fidelity.py" "$RES" "$OUT/userspace/gupnuma" "$GUPNUMA_TOP/docs/experiments.md" $tap \
	${sfx:+--arch=$arch} || failed=1
exit $failed
