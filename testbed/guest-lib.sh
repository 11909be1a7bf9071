# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the test bed's shell tests (busybox sh), sourced in the guest
# as /lib/gupnuma/lib.sh.
. /etc/gupnuma.conf
TAP_N=0
TAP_FAILED=0

tap_plan() { echo "TAP version 13"; echo "1..$1"; }
tap_ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N $*"; }
tap_not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=1; echo "not ok $TAP_N $*"; }
tap_skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N $1 # SKIP ${2:-}"; }
tap_diag() { echo "# $*"; }
# tap_check DESC CMD...: ok when CMD succeeds; its output becomes diagnostics.
tap_check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$desc"
	else
		[ -z "$out" ] || echo "$out" | sed 's/^/# /'
		tap_not_ok "$desc"
	fi
}
tap_exit() { exit $TAP_FAILED; }
# tap_skip_all REASON DESC...: the plan's tests, each skipped for REASON; exits.
tap_skip_all() {
	local why=$1
	shift
	for d in "$@"; do tap_skip "$d" "$why"; done
	tap_exit
}
# fails RC MESSAGE CMD...: CMD exits RC and says MESSAGE in one line on stderr
fails() {
	local want=$1 msg=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null); rc=$?
	echo "$err" | sed 's/^/# /'
	[ $rc = "$want" ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -qF -- "$msg"
}
# run_bounded SECS OUT CMD...: CMD, its output in the file OUT, killed if it
# runs SECS s (by /proc/uptime); before the kill, the state and kernel stack
# of each of its threads, on stdout.  CMD's exit status; 137 if it was
# killed, without waiting for it if it is still there 5 s after SIGKILL.
run_bounded() {
	local secs=$1 out=$2 pid end t n=0
	shift 2
	"$@" > "$out" 2>&1 &
	pid=$!
	end=$(( $(cut -d. -f1 /proc/uptime) + secs ))
	while ! task_gone $pid && [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		sleep 0.2
	done
	if task_gone $pid; then
		wait $pid
		return
	fi
	echo "killed after $secs s; its threads:"
	for t in /proc/$pid/task/[0-9]*; do
		echo "thread ${t##*/}: $(task_state $t)"
		sed 's/^/  /' $t/stack 2>/dev/null
	done
	kill -9 $pid
	while [ $n -lt 25 ]; do
		if task_gone $pid; then
			wait $pid
			return 137
		fi
		sleep 0.2
		n=$((n + 1))
	done
	echo "still there 5 s after SIGKILL: $(task_state /proc/$pid)"
	return 137
}
# task_state DIR: the State line of DIR/status (a /proc/PID or its task),
# e.g. "S (sleeping)"; empty once it is gone.
task_state() {
	awk '/^State/ { print $2, $3 }' "$1/status" 2>/dev/null
}
# task_gone PID: true when PID has exited (a zombie, or reaped).
task_gone() {
	case "$(task_state /proc/$1)" in
	''|Z*) return 0 ;;
	esac
	return 1
}
# numa_knobs_fast: NUMA balancing scans early and often (every 100-200 ms,
# starting at once).  6.x has the scan knobs in debugfs (SCHED_DEBUG, since
# 5.13); 5.10 has them as sysctls.  Non-zero when the kernel has neither.
numa_knobs_fast() {
	local d=/sys/kernel/debug/sched/numa_balancing p=/proc/sys/kernel/numa_balancing_
	if [ -w $d/scan_delay_ms ]; then
		echo 0 > $d/scan_delay_ms && echo 100 > $d/scan_period_min_ms &&
			echo 200 > $d/scan_period_max_ms
	elif [ -w ${p}scan_delay_ms ]; then
		echo 0 > ${p}scan_delay_ms && echo 100 > ${p}scan_period_min_ms &&
			echo 200 > ${p}scan_period_max_ms
	else
		echo "no NUMA-balancing scan knobs in $d/ or ${p}scan_*_ms" >&2
		return 1
	fi
}
# unload_gupnuma: rmmod gupnuma, trying for 2 s (a killed user may still
# be exiting); if that fails, say who holds it (its reference count, and
# each process with /dev/gupnuma open: a test's child left behind holds
# the module).
unload_gupnuma() {
	_try=0
	while [ $_try -lt 10 ]; do
		rmmod gupnuma 2>/dev/null && return 0
		_try=$((_try + 1))
		sleep 0.2
	done
	rmmod gupnuma && return 0	# once more, with its message
	echo "gupnuma stays loaded: refcnt $(cat /sys/module/gupnuma/refcnt 2>/dev/null)"
	for _fd in /proc/[0-9]*/fd/*; do
		[ "$(readlink "$_fd" 2>/dev/null)" = /dev/gupnuma ] || continue
		_pid=${_fd#/proc/}; _pid=${_pid%%/*}
		echo "pid $_pid ($(cat /proc/$_pid/cmdline 2>/dev/null | tr '\0' ' ')) has /dev/gupnuma open"
	done
	return 1
}
# kernel_policy: the policy that decides as the running kernel does, and the
# one gupnuma.ko makes active at load (its sysfs kernel_policy: v7.3 where the
# kernel has userfaultfd RWP, else v6.6); needs the module loaded.
kernel_policy() {
	cat /sys/kernel/mm/gupnuma/kernel_policy
}

# kvm_accel: is KVM running with the hardware's help, as QEMU gives it for
# this architecture (testbed/arches.table)?  x86: kvm_amd with nested SVM and
# NPT; arm64: the CPUs started at EL2 and KVM initialised its mode (VHE or
# nVHE).  Sets KVM_ACCEL to what was found, in words; returns 1 without it.
kvm_accel() {
	case $GUPNUMA_ARCH in
	amd64)
		_nested=$(cat /sys/module/kvm_amd/parameters/nested 2>/dev/null)
		_npt=$(cat /sys/module/kvm_amd/parameters/npt 2>/dev/null)
		KVM_ACCEL="kvm_amd nested=${_nested:-absent} npt=${_npt:-absent}"
		# (5.10 prints its int parameters as 1, later kernels Y)
		[ "$_nested" = 1 -o "$_nested" = Y ] && [ "$_npt" = 1 -o "$_npt" = Y ] ;;
	arm64)
		_el2=$(dmesg | grep -c 'CPU: All CPU(s) started at EL2')
		_mode=$(dmesg | sed -n 's/.*kvm \[[0-9]*\]: \(.* mode initialized\).*/\1/p' | head -1)
		KVM_ACCEL="CPUs at EL2: $_el2, KVM: ${_mode:-no mode line}"
		[ "$_el2" = 1 ] && [ -n "$_mode" ] ;;
	*)
		KVM_ACCEL="no check for architecture $GUPNUMA_ARCH"
		return 1 ;;
	esac
}
