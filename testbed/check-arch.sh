#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-arm64 (check-arch.sh ARCH): the tier of another architecture
# that does not fit make check's budget: the test kernel cross-built for
# ARCH from the same series (testbed/kernels.table's test row), gupnuma.ko
# and its KUnit suites against it, every guest test of the test kernel's run
# (KUnit, the hook, the KVM policies, RWP), then the workload matrix on ARCH:
# every policy on its test kernel, Debian's kernels of ARCH, the host's rows
# of the same policies and kernels in the same run, and the verdict: each policy against
# its kernel on ARCH, and each ARCH row against the host's row of the same
# policy or kernel (docs/ARCH.md).  Ends with "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/env.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out
arch=${1:-}
check_arch "$arch"
[ "$arch" != "$HOST_ARCH" ] || die "check-arch.sh: $arch is the host's architecture (make check)"
kernel_row test "$arch" || die "testbed/kernels.table has no $arch row of the test kernel"
start=$(date +%s)
"$T/deps.sh" || die "installing dependencies failed"
mkdir -p "$OUT/runs/host-$arch"
HOST=$OUT/runs/host-$arch/results.log
: > "$HOST"
runs=()
declare -A mod_ok
GUEST_RUN_ALL=1
. "$T/check-lib.sh"
sfx=$(arch_suffix "$arch")
O=$(arch_out "$arch")

test_kernel_ok=0 debug_kernel_ok=0
host_test "test_kernel$sfx" tap_of "the test kernel cross-builds for $arch (linux-source $K_RELEASE + kernel-patches/$K_BASE)" \
	"$T/build-kernel.sh" --arch "$arch" test && test_kernel_ok=1
mod_ok[test$sfx]=0
host_test "module_test$sfx" tap_of "gupnuma.ko and its KUnit suites cross-build for $arch against the test kernel with W=1" \
	"$T/build-module.sh" --arch "$arch" test && mod_ok[test$sfx]=1
host_test "hook_test_module$sfx" tap_of "testbed/hook-test/protnone_follow_all.ko cross-builds for $arch with W=1" \
	"$T/build-module.sh" --arch "$arch" test testbed/hook-test
kernel_row test "$HOST_ARCH"
KVM_OUT=$GUPNUMA_CACHE/kvm/$K_RELEASE/out
mapfile -t umake < <(userspace_make "$arch")
host_test "guest_programs$sfx" tap_of "guest test programs build for $arch" \
	"$T/build-guest-programs.sh" --arch "$arch"
host_test "kvm_selftests$sfx" tap_of "KVM selftests build for $arch" "$T/build-kvm-tests.sh" --arch "$arch"
host_test "userspace_build$sfx" tap_of "gupnuma CLI and userspace tests build for $arch" \
	make -s -C "$GUPNUMA_TOP/userspace" "${umake[@]}" all guest \
	SELFTESTS="$SRC_ROOT/linux/tools/testing/selftests"
# the host's CLI (the verdict reads its policy table), test kernel and module
host_test userspace_build tap_of "gupnuma CLI builds" make -s -C "$GUPNUMA_TOP/userspace" all
host_test test_kernel tap_of "the $HOST_ARCH test kernel builds" "$T/build-kernel.sh"
host_test module_test tap_of "gupnuma.ko builds against the $HOST_ARCH test kernel" \
	"$T/build-module.sh" test
echo "### gupnuma-done" >> "$HOST"
python3 "$T/tap.py" --run "host-$arch" --results "$HOST" --summary "$OUT/runs/host-$arch.summary.json"
runs+=("host-$arch")

# The host's matrix rows the verdict compares ARCH's with, in the same run,
# on the other host core: its test kernel under every policy and its
# Debian kernels (the verdict holds the host's policies to all of them).
same=$(kernel_names debian "$arch" | tr '\n' , | sed 's/,$//')
{
	"$T/matrix.sh" --part test > "$OUT/matrix-$HOST_ARCH-test.log" 2>&1
	echo $? > "$OUT/matrix-$HOST_ARCH-test.rc"
	"$T/matrix.sh" --part real > "$OUT/matrix-$HOST_ARCH-real.log" 2>&1
	echo $? > "$OUT/matrix-$HOST_ARCH-real.rc"
} &
lane_pid=$!

guest_run test --arch "$arch"

# what follows the guest runs: a run of its own (post-ARCH)
POST=$OUT/runs/post-$arch/results.log
mkdir -p "$OUT/runs/post-$arch" && : > "$POST"
HOST=$POST

# Debian's older kernels of ARCH with headers (arm64 6.1: protnone is bit 58
# there): the module loads and the tests that apply pass, as in make
# check's ref-6.1 run on the host's architecture (ref_run, check-lib.sh).
for k in $(kernel_names debian "$arch"); do
	kernel_row "$k" "$arch"
	[ "$K_HEADERS" = yes ] && [ "$k" != stock ] || continue
	name=$k$sfx
	if ! host_test "module_$name" tap_of "gupnuma.ko cross-builds for $arch against $k with W=1" \
		"$T/build-module.sh" --arch "$arch" "$k"; then
		impossible_run "$name"
		continue
	fi
	ref_run "$k" "$arch"
done

# The matrix on ARCH; then the verdict.
if [ $test_kernel_ok = 1 ] && [ "${mod_ok[test$sfx]}" = 1 ]; then
	host_test "matrix_test$sfx" tap_of "the matrix's boot of the $arch test kernel (every policy)" \
		"$T/matrix.sh" --arch "$arch" --part test
else
	host_test "matrix_test$sfx" tap_of "the matrix's boot of the $arch test kernel (a build failed)" false
fi
host_test "matrix_real$sfx" tap_of "the matrix's boots of $same on $arch" \
	"$T/matrix.sh" --arch "$arch" --part real
wait $lane_pid
for p in test real; do
	host_test "matrix_${p}_$HOST_ARCH" tap_of "the matrix's $p boots on $HOST_ARCH (out/matrix-$HOST_ARCH-$p.log)" \
		sh -c "cat '$OUT/matrix-$HOST_ARCH-$p.log'; exit \$(cat '$OUT/matrix-$HOST_ARCH-$p.rc' 2>/dev/null || echo 1)"
done
host_test "matrix$sfx" "$T/matrix.sh" --tap --arch "$arch" --part verdict
echo "### gupnuma-done" >> "$POST"
python3 "$T/tap.py" --run "post-$arch" --results "$POST" --summary "$OUT/runs/post-$arch.summary.json"
runs+=("post-$arch")

log "make check-$arch took $(( $(date +%s) - start )) s"
run_summary
