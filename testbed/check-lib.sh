# SPDX-License-Identifier: GPL-2.0
# What make check's scripts share (testbed/check.sh, testbed/check-arch.sh):
# host tests into a run's TAP, the guest run of every test that applies on a
# kernel, and the summary line.  Sourced after env.sh, with T, OUT, HOST (the
# host run's results.log), KVM_OUT (the KVM selftests' build, host
# architecture), the arrays runs and mod_ok (KERNEL[-ARCH] -> 1 when its
# gupnuma.ko built) and test_kernel_ok / debug_kernel_ok set.

# host_test NAME CMD...: run a host-side test; its TAP (or, without TAP, its
# exit status) lands in the "host" run, with the seconds it took.
host_test() {
	local name=$1 rc t0=$SECONDS
	shift
	echo "### gupnuma-test-begin $name" >> "$HOST"
	log "host test: $name"
	"$@" >> "$HOST" 2>&1
	rc=$?
	echo "### gupnuma-test-end $name rc=$rc seconds=$((SECONDS - t0))" >> "$HOST"
	return $rc
}
# tap_of DESC CMD...: one TAP line for a command that does not speak TAP.
tap_of() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1); rc=$?
	[ -z "$out" ] || echo "$out" | tail -30 | sed 's/^/# /'
	echo "1..1"
	if [ $rc = 0 ]; then echo "ok 1 $desc"; else echo "not ok 1 $desc"; fi
	return $rc
}
# impossible_run NAME: a run that cannot boot because a build failed: one failure.
impossible_run() {
	log "skipping the $1 guest run: its build failed"
	python3 -c "import json,sys; json.dump({'run':'$1','counts':{'pass':0,'fail':1,'skip':0},
		'failures':['$1: guest run impossible, a build failed']}, open(sys.argv[1],'w'))" \
		"$OUT/runs/$1.summary.json"
	runs+=("$1")
}
# guest_run KERNEL [--arch ARCH] [TEST...]: the run of every guest test
# that applies, on KERNEL for ARCH (default the host's), named KERNEL (or
# KERNEL-ARCH for another architecture than the host's).
guest_run() {
	local k=$1 a=$HOST_ARCH
	shift
	[ "${1:-}" != --arch ] || { a=$2; shift 2; }
	local sfx name O KO KA smoke
	sfx=$(arch_suffix "$a") name=$k$(arch_suffix "$a")
	if [ "${mod_ok[$k$sfx]:-0}" != 1 ] || { [ $k = test ] && [ $test_kernel_ok != 1 ]; } ||
	   { [ $k = debug ] && [ $debug_kernel_ok != 1 ]; }; then
		impossible_run "$name"
		return
	fi
	local kunit=() pre=() opts=() hook=() t0
	t0=$(date +%s)
	arch_row "$a"
	# what the run boots, built for its architecture
	O=$(arch_out "$a")
	KO=$KVM_OUT$sfx KA=$(kvm_arch_dir "$SRC_ROOT/linux" "$a")
	smoke=${A_KVMSMOKE%%:*}
	local G=$O/userspace/tests/guest
	# The test kernel has KUnit, the protnone hook (kernel-patches/) and
	# userfaultfd RWP: its suites, the kernel's own decisions under each
	# policy and the RWP tracker under every policy are required there, and
	# on the debug kernel, which is the test kernel with KASAN, lockdep,
	# kmemleak and UBSAN (checked first by debug_kernel.sh).  On the test
	# kernel, the 7.3 series' own rule with a hook that follows everything.
	[ $k = debug ] && pre=(--file "$T/debug-kernel.config" "$T/tests/debug_kernel.sh") &&
		opts=(--timeout 900)
	# A 1 GiB hugetlb page (run.sh --gigantic) for lookup_test's
	# hugetlb.pud, but on the debug kernel: its nodes twice as large made
	# kmemleak's scans 26 s longer, and the run is make check's longest
	local lookup=("$G/lookup_test")
	if [ $k = debug ]; then
		lookup=("$G/lookup_test:-V,pud")
	else
		opts+=(--gigantic)
	fi
	[ $k != test ] || hook=(--module "$O/mod-test-hook-test/protnone_follow_all.ko"
				"$T/tests/hook_rwp.sh:$RWP_DEBUG_VM")
	# The debug kernel runs what reaches the module's code, under KASAN,
	# lockdep, kmemleak and UBSAN, and leaves out (make check's budget) what
	# asserts only behaviour or static files, which the test kernel's run
	# shows: abi.sh (sysfs files and modes, nothing read), kvm_policies.sh
	# (hinting counts under each policy: its KVM paths into the module run
	# in kvm_selftest.sh and kvm_vm_test), the compare and numactl
	# experiments.  unload_storm.sh unloads 8 times there, not 20: the debug
	# run's race_test unloads under smaps readers too.
	local abi=("$T/tests/abi.sh") kvmp=("$T/tests/kvm_policies.sh") storm=$T/tests/unload_storm.sh
	local bench=("$O/userspace/bench/lookup_bench") trace=(--bin trace-cmd "$T/tests/trace.sh")
	[ $k != debug ] || { abi=() kvmp=() storm+=":8"; }
	# nor a benchmark, nor trace-cmd's view of the tracepoint (38 s there):
	# lookup_test's tracepoint test enables it on the debug kernel too
	[ $k != debug ] || { bench=() trace=(); }
	[ $k != test ] && [ $k != debug ] || kunit=(--module "$O/mod-$k/gupnuma_kunit.ko" "$T/tests/kunit.sh"
				 "$T/tests/load.sh" "${kvmp[@]}"
				 "$G/kernel_hook_test" "$storm"
				 --file "$G/rwp_tracker_test" "$G/rwp_tracker_test:$RWP_DEBUG_VM"
				 "${hook[@]}")
	# Privileges, user namespaces included: Debian's kernel has CONFIG_USER_NS, ours not.
	# compare --accessor's table, and how long a cell waits for the scan: on
	# stock (the matrix runs compare on ours).
	local sec=() cmp=() exps=()
	[ $k != stock ] || sec=("$G/security_test")
	[ $k != stock ] || cmp=("$T/tests/compare.sh:--size,8,--duration,3" "$T/tests/compare_scan.sh")
	# the compare and numactl experiments: on the host's architecture, and
	# on another with GUEST_RUN_ALL (make check-ARCH); make check's budget
	# has no room for them on arm64
	[ -n "$sfx" ] && [ -z "${GUEST_RUN_ALL:-}" ] || [ $k = debug ] || exps=("${cmp[@]}" --bin numactl
			       "$T/tests/compare_kvm.sh" "$T/tests/experiment_numactl.sh")
	# The test kernel's run boots the CLI built with --coverage, and sends
	# its gcov data at the end (testbed/coverage.sh --cli).
	local cli=$O/userspace/gupnuma cov=()
	[ $k != test ] || [ -n "$sfx" ] || { cli=$OUT/userspace-cov/gupnuma cov=("$T/tests/gcov.sh:--cli"); }
	"$T/run.sh" --kernel "$k" --arch "$a" --name "$name" "${opts[@]}" --module "$O/mod-$k/gupnuma.ko" \
		"${pre[@]}" --file "$KO/$KA/$smoke" --file "$KO/gupnuma/numa_hinting_test" \
		--file "$KO/gupnuma/protnone_memslot_test" \
		--file "$KO/gupnuma/smaps_memslot_test" \
		"$T/tests/topology.sh" "$T/tests/module.sh" \
		--file "$GUPNUMA_TOP/docs/ABI/sysfs-kernel-mm-gupnuma" "${abi[@]}" \
		"$O/bin/numa_hint_faults" \
		"$T/tests/kvm_selftest.sh:${A_KVMSMOKE//:/,},--,numa_hinting_test,--,numa_hinting_test,-t,--,numa_hinting_test,-v,2,-b,32M,--,protnone_memslot_test,--,smaps_memslot_test,--,smaps_memslot_test,-t" \
		"${kunit[@]}" \
		"$T/tests/load.sh" "$G/ioctl_errors_test" "${sec[@]}" "$G/stats_test" "${lookup[@]}" \
		"$G/mirror_test" "${bench[@]}" "$G/inspect_test" "$G/kvm_vm_test" \
		--file "$cli" --file "$G/protnone_holder" "$T/tests/cli.sh" \
		"${trace[@]}" "${exps[@]}" "$@" "${cov[@]}"
	cp "$OUT/runs/$name/summary.json" "$OUT/runs/$name.summary.json" 2>/dev/null
	runs+=("$name")
	log "the $name run took $(( $(date +%s) - t0 )) s"
}
# ref_run KERNEL ARCH: a Debian kernel older than 6.5 with headers (6.1 LTS):
# the module loads and the tests that apply pass.  Not run there:
# inspect_test (it checks the kernel's own KSM, move_pages and smaps, which
# 6.1 gets wrong: the v6.1 fallout) and the lookups that need the gup engine,
# which 6.1 cannot have (no FOLL_HONOR_NUMA_FAULT).
ref_run() {
	local k=$1 a=$2 name O GT
	name=$k$(arch_suffix "$a") O=$(arch_out "$a")
	GT=$O/userspace/tests/guest
	"$T/run.sh" --kernel "$k" --arch "$a" --name "$name" --gigantic --module "$O/mod-$k/gupnuma.ko" \
		--file "$GUPNUMA_TOP/docs/ABI/sysfs-kernel-mm-gupnuma" --file "$O/userspace/gupnuma" \
		--file "$GT/protnone_holder" "$T/tests/module.sh" "$T/tests/abi.sh" \
		"$T/tests/load.sh" "$GT/ioctl_errors_test:-T,fatal_signal_stops_a_gup_engine_lookup_on_another_cpu" \
		"$GT/stats_test" \
		"$GT/lookup_test:-T,walk_gup_and_pagemap_agree_on_protnone_memory,-T,shows_the_gup_engines_pinned_pages,-V,gup_peek" \
		"$GT/mirror_test" "$T/tests/cli.sh" --bin trace-cmd "$T/tests/trace.sh"
	cp "$OUT/runs/$name/summary.json" "$OUT/runs/$name.summary.json" 2>/dev/null
	runs+=("$name")
}
# userfaultfd RWP in sync mode: /proc/PID/mem and ptrace get EIO, as
# access_remote_vm() faults without FAULT_FLAG_ALLOW_RETRY; with
# CONFIG_DEBUG_VM (our kernels, not Debian's) handle_userfault() dumps the
# stack for it, a report the bed fails a run on.  Those two variants run on
# Debian's 7.3 (ref73) only.
RWP_DEBUG_VM=-V,proc_mem_sync,-V,ptrace_sync

# run_summary: every run's counts added up; the last line is "N passed, N
# failed".  Exit status 1 when a test failed or a required test was skipped.
run_summary() {
	python3 - "$OUT/runs" "${runs[@]}" <<'PY'
import json, os, sys
d, runs = sys.argv[1], sys.argv[2:]
p = f = 0
skipped, failures = [], []
for r in runs:
    path = os.path.join(d, r + '.summary.json')
    try:
        s = json.load(open(path))
    except (OSError, ValueError):
        s = {'counts': {'pass': 0, 'fail': 1, 'skip': 0}, 'failures': [r + ': no summary']}
    p += s['counts']['pass']
    f += s['counts']['fail']
    failures += [('[%s] %s' % (r, x), s.get('why', {}).get(x, [])) for x in s['failures']]
    if s['counts']['skip']:
        skipped.append('%s: %d skipped' % (r, s['counts']['skip']))
# Every tier is required: a skip means the run did not show what it must.
f += len(skipped)
# each failure with its test's last diagnostics: CI keeps only the log's end
for x, why in failures:
    print('FAILED: ' + x)
    for line in why:
        print('    ' + line)
for x in skipped:
    print('FAILED (required tests skipped): ' + x)
print('%d passed, %d failed' % (p, f))
sys.exit(1 if f else 0)
PY
}
