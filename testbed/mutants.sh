#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Mutation testing of gupnuma's kernel C (make mutants): each mutant of
# testbed/mutants.py, one at a time, is applied to a copy of the sources,
# built W=1 against the test kernel (the debug kernel for lock-drop,
# put-drop and a trylock's cond-drop: lockdep, KASAN and kmemleak see what
# they break; another kernel after a survival, testbed/mutants.routes), and run
# against those of the guest tests below that reach its lines (gcov, per
# test: testbed/mutants-reach.sh); a mutant of the policy core, which the
# CLI and the host tests compile too (userspace/Makefile's CORE), first
# against the host tests, built with it under ASan and UBSan (seconds, no
# boot: a kill there stands).  It ends killed (a test failed, or the
# kernel reported), skipped (every test passed, one skipped: make check
# fails on that), survived (every test passed), timed out (a test hung),
# or stillborn (it does not build: not counted); a mutant no test reaches
# survives without a run, as "not reached".  Verdicts: testbed/mutants/results.tsv
# (tracked, so that a full run can span machines: commit it), the diff of
# every survivor in out/mutants/survivors.diff, each run's log in
# out/mutants/logs/.
#   testbed/mutants.sh [--fresh] [--jobs N] [--only ID,...] [--every N] [FILE...]
#                                  (default: all of mm/*.c, resuming: below)
#   testbed/mutants.sh --kernel [linux/PATH...]
#                                  the kernel sites of the patch series (below)
#   testbed/mutants.sh --check     the two mutants of testbed/mutants.fixed, as TAP
#   testbed/mutants.sh --targeted [PATCH...]
#                                  the mutants written for one test each
#                                  (testbed/mutants/*.patch: the fuzzer's and the
#                                  race test's), each killed by its test, as TAP
# --every N runs every Nth mutant only (a sample; the summary says so).
# A run resumes the last one: a mutant killed, skipped, timed out or stillborn keeps
# its verdict until its mutated file changes (mutants.py keys); --fresh runs
# every mutant again.  Each boot stops at the first test that fails.
# --jobs N runs N mutants at a time (one QEMU each: one per core at most),
# in a fixed shuffled order, so that a run stopped halfway is a sample.
set -uo pipefail
. "$(dirname "$0")/env.sh"
. "$GUPNUMA_TOP/testbed/kernels.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out/mutants
G=$GUPNUMA_TOP/out/userspace/tests/guest
# The tests a mutant may run against, in this order: the KUnit suites first
# (the quickest kill), then what drives each engine, the mirror, sysfs and
# the ioctls; from FI_FIRST, the allocation failures of fault injection and
# kmemleak's verdict, on the debug kernel.  Each mutant runs those of the
# first tests that reach its lines (testbed/mutants-reach.sh:
# out/mutants/reach.tsv); if none does, but fault injection does (an error
# path), the last two.  rwp_tracker_test without its two sync variants, which
# dump a stack under CONFIG_DEBUG_VM (check-lib.sh: RWP_DEBUG_VM).
TESTS=("$T/tests/kunit.sh" "$T/tests/module.sh" "$T/tests/load.sh" "$G/ioctl_errors_test"
       "$G/stats_test" "$G/lookup_test" "$G/mirror_test" "$G/inspect_test"
       "$G/kernel_hook_test" "$G/rwp_tracker_test:-V,proc_mem_sync,-V,ptrace_sync"
       "$G/fuzz_test:-n,3000" "$G/race_test:-d,10"
       "$G/fault_inject_test" "$T/tests/kmemleak.sh")
FI_FIRST=$((${#TESTS[@]} - 2)) FI_TEST=${TESTS[FI_FIRST]} LOAD=2
# The tests of a kernel site's mutant (gcov measures the module only): the
# kernel's own NUMA hinting without the module first, then what makes the
# kernel's lookups meet protnone entries with the module deciding: its
# KUnit suites, smaps, KSM, move_pages and /proc/PID/mem (inspect_test,
# kernel_hook_test), GUP (lookup_test's gup engine), HMM (mirror_test), KVM,
# and the hook's switches under load (unload_storm.sh, race_test); last,
# userfaultfd RWP under a registrant with .follow alone (hook_rwp.sh, which
# unloads gupnuma).
KTESTS=("$GUPNUMA_TOP/out/bin/numa_hint_faults" "$T/tests/kunit.sh" "$T/tests/load.sh"
	"$G/kernel_hook_test" "$G/inspect_test" "$G/lookup_test" "$G/mirror_test"
	"$T/tests/kvm_policies.sh" "$T/tests/unload_storm.sh" "$G/race_test:-d,10"
	"$T/tests/hook_rwp.sh:-V,proc_mem_sync,-V,ptrace_sync")
only="" every=1 jobs=1 check=0 targeted=0 ksites=0 fresh=0 files=()
while [ $# -gt 0 ]; do
	case $1 in
	--only) only=${2:-}; shift 2 ;;
	--every) every=${2:-}; shift 2 ;;
	--check) check=1; shift ;;
	--fresh) fresh=1; shift ;;
	--targeted) targeted=1; shift ;;
	--kernel) ksites=1; shift ;;
	--jobs) jobs=${2:-}; shift 2 ;;
	-*) die "mutants.sh: unknown option $1 (see the header of testbed/mutants.sh)" ;;
	*) files+=("$1"); shift ;;
	esac
done
[[ $every =~ ^[1-9][0-9]*$ ]] || die "mutants.sh: --every wants a positive count, not '$every'"
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "mutants.sh: --jobs wants a positive count, not '$jobs'"

mkdir -p "$OUT/logs"
if [ $check = 0 ]; then
	# what the runs boot (make check builds it all; built here if missing)
	"$T/build-kernel.sh" >/dev/null && "$T/build-kernel.sh" debug >/dev/null ||
		die "mutants.sh: the test and debug kernels must build first"
	make -s -j"$(nproc)" -C "$GUPNUMA_TOP/userspace" all guest bed \
		SELFTESTS="$SRC_ROOT/linux/tools/testing/selftests" || die "mutants.sh: userspace does not build"
	# the other kernels of testbed/mutants.routes (Debian's: their headers)
	for k in $(awk '!/^#/ && NF { print $2 }' "$T/mutants.routes" | sort -u); do
		"$T/build-module.sh" "$k" >/dev/null || die "mutants.sh: the module does not build for $k"
	done
fi
# header FIELD PATCH: a field of a targeted mutant's header (testbed/mutants/)
header() { sed -n "s/^$1: //p" "$2" | head -1; }
# kernel_of ID: the kernel a mutant runs on: the debug kernel for what
# lockdep, KASAN and kmemleak see (a lock or a reference dropped, and a
# trylock's failure ignored: a cond-drop of its line unlocks a mutex it
# does not hold)
kernel_of() {
	local f=${1%%:*} rest=${1#*:}
	case $1 in
	*.patch) header Kernel "$1" ;;
	*:lock-drop:*|*:put-drop:*) echo debug ;;
	*:cond-drop:*)
		if sed -n "${rest%%:*}p" "$GUPNUMA_TOP/$f" | grep -q '_trylock('; then
			echo debug
		else
			echo test
		fi ;;
	*) echo test ;;
	esac
}
# route_of ID: the kernel and tests (KERNEL TESTS) testbed/mutants.routes
# gives a mutant that survives its usual ones, or nothing
route_of() { awk -v id="$1" '!/^#/ && $1 == id { print $2, $3; exit }' "$T/mutants.routes"; }
# guard_of ID: the first line of what a mutant's branch hangs on: for an
# err-drop, the check above its return (the nearest "if (" at most 3 lines
# up: the return may follow a pr_err() or a label), or 3 lines up if there
# is none; else the mutant's own line.  tests_of and error_check both read it.
guard_of() {
	local f=${1%%:*} rest=${1#*:} n
	n=${rest%%:*}
	case $1 in
	*:err-drop:*)
		awk -v n="$n" 'NR >= n - 3 && NR < n && /(^|[^a-z_])if \(/ { g = NR }
			       END { print g ? g : n - 3 }' "$GUPNUMA_TOP/$f" ;;
	*) echo "$n" ;;
	esac
}
# tests_of ID: the indices of the TESTS that reach every line the mutant
# changes (out/mutants/reach.tsv), and for a cond-drop also the guarded
# statement (the next line, when gcov instruments it): dropping a condition
# whose body never ran changes nothing the tests do.  For an err-drop's
# return, which gcov often counts no run of (optimised code shares its
# exit), those of the nearest line from its guard (guard_of) that a test
# reaches (without a guard, up to 12 lines above); for a line gcov has no
# record of, those of the nearest recorded line up to 3 above, else up to 6
# below (a declaration with an initialiser).  None: not reached.
tests_of() {
	local f=${1%%:*} rest=${1#*:}
	local line=${rest%%:*} op
	op=$(echo "$rest" | cut -d: -f2)
	awk -F'\t' -v a="$f:$line" -v b="$f:$((line + 1))" -v body=$([ "$op" = cond-drop ] && echo 1 || echo 0) \
	    -v f="$f" -v line="$line" -v ret=$([ "$op" = err-drop ] && echo 1 || echo 0) -v guard="$(guard_of "$1")" '
		$1 == a { ta = $2; seen_a = 1 }
		{ split($1, p, ":") }
		ret && p[1] == f && p[2] + 0 < line + 0 && p[2] + 0 >= guard + 0 && p[2] + 0 > best && $2 != "" { best = p[2] + 0; tp = $2 }
		# a return with no guard (a switch'"'"'s default:): the nearest
		# recorded line a test reaches up to 12 above
		ret && p[1] == f && p[2] + 0 < line + 0 && p[2] + 0 >= line - 12 && p[2] + 0 > far && $2 != "" { far = p[2] + 0; tf = $2 }
		# a line gcov has no record of (merged into another by the
		# optimiser): the nearest recorded line up to 3 above stands in
		p[1] == f && p[2] + 0 < line + 0 && p[2] + 0 >= line - 3 && p[2] + 0 > near { near = p[2] + 0; tn = $2 }
		# else (a declaration'"'"'s initialiser, whose code runs where the
		# function starts to use it) the nearest up to 6 below
		p[1] == f && p[2] + 0 > line + 0 && p[2] + 0 <= line + 6 && (!below || p[2] + 0 < below) { below = p[2] + 0; tbl = $2 }
		END { if (ret && ta == "") ta = tp != "" ? tp : tf; else if (!seen_a && near) ta = tn; else if (!seen_a && below) ta = tbl }
		body && $1 == b { tb = $2; seen_b = 1 }
		END {
			n = split(ta, x, ",")
			if (seen_b) { split(tb, y, ","); for (j in y) in_b[y[j]] = 1 }
			for (j = 1; j <= n; j++) if (!seen_b || x[j] in in_b) print x[j]
		}' "$OUT/reach.tsv"
}
# error_check ID: a cond-drop of a line that tests an error (if (!p),
# IS_ERR(), if (err), if (ret)), or an err-drop of a return under one
# (guard_of): a branch the tests take only when an allocation fails (the
# branch, a return, gcov often does not count)
error_check() {
	case $1 in
	*:cond-drop:* | *:err-drop:*) ;;
	*) return 1 ;;
	esac
	sed -n "$(guard_of "$1")p" "$GUPNUMA_TOP/${1%%:*}" | grep -qE 'if \(!|IS_ERR|if \((err|ret)\)'
}
# test_paths "tests/X guest/Y ...": each test's path (tests/X: testbed/tests/X;
# guest/X: out/userspace/tests/guest/X), one a line
test_paths() { printf '%s\n' $1 | sed "s|^tests/|$T/tests/|; s|^guest/|$G/|"; }
# keep_log ID KERNEL: the log of a mutant's first run kept as ID.KERNEL.log
# before a second run (fault injection, the debug kernel) writes its own
keep_log() { mv -f "$(log_of "$1")" "$(log_of "$1" | sed "s/\.log\$/.$2.log/")" 2>/dev/null; }
# log_of ID: the log of a mutant's run
log_of() {
	local n=$1
	[[ $n != *.patch ]] || n=targeted/$(basename "$n" .patch)
	echo "$OUT/logs/$(echo "$n" | tr '/:' '__').log"
}
# The kernel sites of the patch series (--kernel): mutants of the lines
# kernel-patches/ adds, IDs linux/PATH:... (mutants.py).  Each worker keeps a
# tree of its own per kernel, KMUT: the built kernel's sources as hard links,
# its out/ a copy, so that a mutant rebuilds one file and relinks.
KSITE=linux/
# kernel_mutant ID WORKER KERNEL LOG: KMUT, WORKER's tree of KERNEL, with the
# mutant built into it
kernel_mutant() {
	local id=$1 w=$2 k=$3 log=$4 B
	B=$(built_kernel_dir "$k")
	KMUT=$GUPNUMA_CACHE/build/kmutant-$k-$w
	if [ "$(cat "$KMUT/.from" 2>/dev/null)" != "$B" ]; then
		rm -rf "$KMUT"
		cp -al "$(dirname "$B")" "$KMUT" && rm -rf "$KMUT/out" && cp -a "$B" "$KMUT/out" &&
			echo "$B" > "$KMUT/.from" || return 1
	fi
	GUPNUMA_KTREE=$KMUT python3 "$T/mutants.py" show "$id" > "$log" 2>&1 &&
		python3 "$T/mutants.py" apply "$id" "$KMUT" >> "$log" 2>&1 || return 1
	select_kernel "$k"
	# as build-kernel.sh built it (the same command line, or kbuild
	# rebuilds every object)
	make -C "$KMUT" "${KERNEL_MAKE[@]}" O="$KMUT/out" CC="ccache ${A_CROSS}gcc" -j2 \
		"$(basename "$A_IMAGE")" >> "$log" 2>&1
}
# kernel_restore ID: the mutated file as the series has it (a new file: the
# next build recompiles it)
kernel_restore() {
	local rel=${1#"$KSITE"}
	rel=${rel%%:*}
	cp --remove-destination "$(dirname "$(cat "$KMUT/.from")")/$rel" "$KMUT/$rel"
}
# tap.py's failures of a hang, and those that follow from one (or from the
# stop at the first failure)
HANG='killed by the per-test timeout\|did not finish (guest died or hung)'
AFTER_HANG='plan says [0-9]* tests, [0-9]* reported\|not run: the run stopped\|guest did not reach the end'
# run_mutant ID WORKER KERNEL TIMEOUT [TEST...]: prints the verdict (killed,
# survived, timed-out, stillborn) and the seconds; TIMEOUT is each test's;
# the log is in $OUT/logs/ID.log
run_mutant() {
	local id=$1 w=$2 k=$3 timeout=$4 W log rc t0=$SECONDS boot=() mods
	shift 4
	log=$(log_of "$id")
	if [[ $id == "$KSITE"* ]]; then
		# a kernel site: the test (or debug) kernel rebuilt with it, and
		# the module as it is
		kernel_mutant "$id" "$w" "$k" "$log" || { echo "stillborn $((SECONDS - t0))"; return; }
		boot=(GUPNUMA_KERNEL_BUILD="$k:$KMUT/out")
		W=$GUPNUMA_TOP
	else
		W=$OUT/tree-$w
		rm -rf "$W" && mkdir -p "$W"
		rsync -a --exclude /out --exclude /.git "$GUPNUMA_TOP/" "$W/"
		if [[ $id == *.patch ]]; then
			patch -s -p1 -d "$W" < "$id" > "$log" 2>&1 && cat "$id" >> "$log"
		else
			python3 "$T/mutants.py" apply "$id" "$W" > "$log" 2>&1 &&
				python3 "$T/mutants.py" show "$id" >> "$log"
		fi || { echo "stillborn $((SECONDS - t0))"; return; }
		if ! "$W/testbed/build-module.sh" "$k" >> "$log" 2>&1; then
			echo "stillborn $((SECONDS - t0))"
			return
		fi
	fi
	mods=(--module "$W/out/mod-$k/gupnuma.ko")
	# KUnit's module, for the kernels that have KUnit (ours, not Debian's)
	[ ! -e "$W/out/mod-$k/gupnuma_kunit.ko" ] || mods+=(--module "$W/out/mod-$k/gupnuma_kunit.ko")
	if [ ${#boot[@]} -gt 0 ]; then
		# what KTESTS need beyond the module: KVM selftests, the hook-test
		# registrant (built for the mutant's kernel: its vermagic) and RWP
		for t in numa_hinting_test protnone_memslot_test smaps_memslot_test; do
			mods+=(--file "$KVM_GUPNUMA/$t")
		done
		mods+=(--module "$GUPNUMA_TOP/out/mod-$k-hook-test/protnone_follow_all.ko"
		       --file "$G/rwp_tracker_test")
	fi
	env "${boot[@]}" "$T/run.sh" --kernel "$k" --name "mutant-$w" --timeout "$timeout" \
		--stop-at-failure --gigantic "${mods[@]}" \
		--file "$G/protnone_holder" --file "$GUPNUMA_TOP/out/userspace/gupnuma" \
		"$@" >> "$log" 2>&1
	rc=$?
	[ ${#boot[@]} = 0 ] || kernel_restore "$id"
	# killed when a test failed for a reason of its own (a kernel report
	# included), timed out when every failure was a hang; skipped when
	# every test passed but one skipped: make check fails on that, so the
	# mutant is caught, but a skip the tool caused must not pass for either
	if [ $rc = 0 ] && grep -q '] run summary: .* / [1-9][0-9]* skip$' "$log"; then
		echo "skipped $((SECONDS - t0))"
	elif [ $rc = 0 ]; then
		echo "survived $((SECONDS - t0))"
	elif grep ': FAIL ' "$log" | grep -qv "$HANG\\|$AFTER_HANG"; then
		echo "killed $((SECONDS - t0))"
	elif grep -q "$HANG" "$log"; then
		echo "timed-out $((SECONDS - t0))"
	else
		echo "killed $((SECONDS - t0))"
	fi
}

# The policy core's files (userspace/Makefile's CORE), relative to the top
CORE_FILES=" $(make -s -C "$GUPNUMA_TOP/userspace" print-core) "
[[ $CORE_FILES == *" mm/policy.c "* ]] ||
	die "mutants.sh: userspace/Makefile's print-core does not list mm/policy.c"
# host_tests_fail DIR: true when a host test built in DIR fails (each under
# a timeout); their output goes to stdout
host_tests_fail() {
	local t
	for t in "$1"/*; do
		[ -x "$t" ] || continue
		echo "### $t"
		timeout 300 "$t" 2>&1 || return 0
	done
	return 1
}
# host_killed ID WORKER: true when a host test, built with the mutant of a
# policy-core file, fails (its log: $OUT/logs/ID.host.log); false when they
# pass, or do not build (the module's build then says stillborn or not)
host_killed() {
	local id=$1 W=$OUT/host-$2 log
	[[ $CORE_FILES == *" ${id%%:*} "* ]] || return 1
	log=$(log_of "$id" | sed 's/\.log$/.host.log/')
	rm -rf "$W" && mkdir -p "$W"
	rsync -a --exclude /out --exclude /.git "$GUPNUMA_TOP/" "$W/"
	python3 "$T/mutants.py" apply "$id" "$W" > "$log" 2>&1 &&
		make -s -C "$W/userspace" OUT="$W/out" host \
			SELFTESTS="$SRC_ROOT/linux/tools/testing/selftests" >> "$log" 2>&1 || return 1
	host_tests_fail "$W/out/tests/host" >> "$log"
}

if [ $check = 1 ]; then
	# The tool itself, on two fixed mutants: one the tests must kill, one
	# equivalent (testbed/mutants.fixed says why), which must survive.
	mapfile -t fixed < <(grep -v '^#' "$T/mutants.fixed" | grep .)
	echo "TAP version 13"
	echo "1..${#fixed[@]}"
	n=0 fail=0
	for row in "${fixed[@]}"; do
		read -r id want tests <<<"$row"
		n=$((n + 1))
		mapfile -t ts < <(test_paths "${tests//,/ }")
		read -r got secs < <(run_mutant "$id" 0 "$(kernel_of "$id")" 60 "${ts[@]}")
		if [ "$got" = "$want" ]; then
			echo "ok $n mutant $id: $got, as it must be ($secs s)"
		else
			grep -E 'FAIL|not ok' "$(log_of "$id")" | head -10 | sed 's/^/# /'
			echo "not ok $n mutant $id: $got, it must be $want ($secs s)"
			fail=1
		fi
	done
	exit $fail
fi

if [ $targeted = 1 ]; then
	# Mutants written for one test each (testbed/mutants/*.patch): each must
	# be killed, and by the test its header names (Caught-by: a guest test,
	# or kernel_log, the bed's check of the kernel log during the run).
	[ ${#files[@]} -gt 0 ] || files=("$T"/mutants/*.patch)
	echo "TAP version 13"
	echo "1..${#files[@]}"
	n=0 fail=0
	for p in "${files[@]}"; do
		n=$((n + 1))
		by=$(header Caught-by "$p")
		mapfile -t ts < <(test_paths "$(header Tests "$p")")
		read -r got secs < <(run_mutant "$p" 0 "$(kernel_of "$p")" 60 "${ts[@]}")
		log=$(log_of "$p")
		# what caught it: the test's first complaint, or the kernel's report
		{ grep -m1 "^\[mutant-0\] $by: # FAIL" "$log" ||
			grep -m1 -E '^\[mutant-0\] \| .*(BUG|WARNING|Oops)' "$log"; } | sed 's/^/# /'
		if [ "$got" = killed ] && grep -q "^\[mutant-0\] $by: FAIL" "$log"; then
			echo "ok $n mutant $(basename "$p" .patch): killed by $by ($secs s)"
		else
			grep -E ': FAIL' "$log" | head -5 | sed 's/^/# /'
			echo "not ok $n mutant $(basename "$p" .patch): $got, not killed by $by ($secs s; $log)"
			fail=1
		fi
	done
	exit $fail
fi

sfx=""
if [ $ksites = 1 ]; then
	# the series' lines of the patched test kernel against its base
	B=$(built_kernel_dir test)
	export GUPNUMA_KTREE=${B%/out} GUPNUMA_KSRC=$K_SRC/linux GUPNUMA_KBASE=$K_BASE
	[ ${#files[@]} -gt 0 ] || files=(--kernel)
	"$T/build-module.sh" test >/dev/null && "$T/build-module.sh" debug >/dev/null ||
		die "mutants.sh: the module must build for the test and debug kernels"
	# hook_rwp.sh's registrant, which follows everything with .follow alone
	"$T/build-module.sh" test testbed/hook-test >/dev/null &&
		"$T/build-module.sh" debug testbed/hook-test >/dev/null ||
		die "mutants.sh: testbed/hook-test does not build"
	# kvm_policies.sh's KVM selftests
	KVM_GUPNUMA=$("$T/build-kvm-tests.sh")/gupnuma || die "mutants.sh: the KVM selftests do not build"
	sfx=-kernel
fi
mapfile -t all < <(python3 "$T/mutants.py" keys "${files[@]}")
[ ${#all[@]} -gt 0 ] || die "mutants.sh: no mutant in ${files[*]:-mm/*.c}"
[ $ksites = 1 ] || "$T/mutants-reach.sh" "${TESTS[@]}" ||
	die "mutants.sh: no map of the lines each test reaches"
# results.tsv is appended to, mutant by mutant, so that a run stopped
# halfway keeps what it did; the last row of an ID is its verdict.  It is
# tracked (testbed/mutants/), so that the hours of a full run can be spread
# over machines that start with an empty out/.  A
# killed, timed-out or stillborn verdict stands while the mutant's key (its
# mutated file) is the same; a survivor runs again (the tests may have
# grown), as does everything after --fresh.
R=$T/mutants/results.tsv
[ $fresh = 0 ] && [ -s "$R" ] && head -1 "$R" | grep -q 'key$' ||
	printf 'id\tverdict\tseconds\tkey\n' > "$R"
declare -A prev_verdict prev_secs prev_key count
load_results() {
	while IFS=$'\t' read -r id verdict secs key; do
		prev_verdict[$id]=$verdict prev_secs[$id]=$secs prev_key[$id]=$key
	done < <(tail -n +2 "$R")
}
load_results
start=$SECONDS i=0 chosen=() todo=()
for row in "${all[@]}"; do
	IFS=$'\t' read -r id key <<<"$row"
	i=$((i + 1))
	if [ -n "$only" ]; then
		[[ ",$only," == *",$id,"* ]] || continue
	elif [ $(( (i - 1) % every )) != 0 ]; then
		continue
	fi
	chosen+=("$row")
	[ "${prev_key[$id]:-}" = "$key" ] && [[ ${prev_verdict[$id]} =~ ^(killed|skipped|timed-out|stillborn)$ ]] ||
		todo+=("$row")
done
reused=$(( ${#chosen[@]} - ${#todo[@]} ))
log "${#chosen[@]} mutants: ${#todo[@]} to run, $reused verdicts kept from earlier runs, $jobs at a time"
# in a fixed shuffled order, so that a run stopped halfway is a sample of every file
[ ${#todo[@]} = 0 ] || mapfile -t todo < <(printf '%s\n' "${todo[@]}" | shuf --random-source=<(yes))
# a kill by the host tests stands only if they pass without a mutant
if [ $check = 0 ] && [ $ksites = 0 ] && [ ${#todo[@]} -gt 0 ]; then
	make -s -C "$GUPNUMA_TOP/userspace" host SELFTESTS="$SRC_ROOT/linux/tools/testing/selftests" &&
		! host_tests_fail "$GUPNUMA_TOP/out/userspace/tests/host" > /dev/null ||
		die "mutants.sh: the host tests fail without a mutant"
fi
# mutant ID in worker W's tree, against the fault-injection tests on the debug kernel
fi_run() { run_mutant "$1" "$2" debug 400 "${TESTS[@]:FI_FIRST}"; }
# worker W: every JOBSth mutant of the list, from the Wth
worker() {
	local w=$1 n id key verdict secs t0
	for ((n = w; n < ${#todo[@]}; n += jobs)); do
		IFS=$'\t' read -r id key <<<"${todo[n]}"
		ts=() inj=()
		if [[ $id == "$KSITE"* ]]; then
			read -r verdict secs < <(run_mutant "$id" "$w" "$(kernel_of "$id")" 60 "${KTESTS[@]}")
			printf '%s\t%s\t%s\t%s\n' "$id" "$verdict" "$secs" "$key" >> "$R"
			log "mutant $((n + 1)) of ${#todo[@]}: $id: $verdict ($secs s)"
			continue
		fi
		# load.sh before the first test that needs the module loaded
		# (module.sh unloads it, kunit.sh may be the only test before)
		for t in $(tests_of "$id" | awk -v l="$LOAD" -v fi="$FI_FIRST" '$1 > l && $1 < fi && !done { print l; done = 1 }
							     $1 != l || !done { print; if ($1 == l) done = 1 }'); do
			if [ "$t" -lt "$FI_FIRST" ]; then ts+=("${TESTS[t]}"); else inj+=("${TESTS[t]}"); fi
		done
		t0=$SECONDS
		if host_killed "$id" "$w"; then
			verdict=killed secs=$((SECONDS - t0))
		elif [ ${#ts[@]} -gt 0 ]; then
			read -r verdict secs < <(run_mutant "$id" "$w" "$(kernel_of "$id")" 60 "${ts[@]}")
			secs=$((SECONDS - t0))
			# an error check dropped, that fault injection reaches: its
			# branch runs only when an allocation fails
			if [ "$verdict" = survived ] &&
			   [[ " ${inj[*]} " == *" $FI_TEST "* ]] && error_check "$id"; then
				keep_log "$id" "$(kernel_of "$id")"
				read -r verdict more < <(fi_run "$id" "$w")
				secs=$((secs + more))
			fi
			# an off-by-one that survives: again on the debug kernel,
			# where KASAN sees an access past an array's end
			if [ "$verdict" = survived ] && [[ $id == *:off-by-one:* ]]; then
				keep_log "$id" "$(kernel_of "$id")"
				read -r verdict more < <(run_mutant "$id" "$w" debug 200 "${ts[@]}")
				secs=$((secs + more))
			fi
		elif [[ " ${inj[*]} " == *" $FI_TEST "* ]]; then
			read -r verdict secs < <(fi_run "$id" "$w")
		else
			verdict=not-reached secs=0
		fi
		# a survivor that only another kernel, or a test the reach map
		# does not name for it, can kill: its route
		read -r rk rt < <(route_of "$id")
		if [[ $verdict =~ ^(survived|not-reached)$ ]] && [ -n "${rk:-}" ]; then
			[ "$verdict" = not-reached ] || keep_log "$id" "$(kernel_of "$id")"
			mapfile -t rts < <(test_paths "${rt//,/ }")
			read -r verdict more < <(run_mutant "$id" "$w" "$rk" 120 "${rts[@]}")
			secs=$((secs + more))
		fi
		printf '%s\t%s\t%s\t%s\n' "$id" "$verdict" "$secs" "$key" >> "$R"
		log "mutant $((n + 1)) of ${#todo[@]}: $id: $verdict ($secs s)"
	done
}
for ((w = 0; w < jobs; w++)); do worker "$w" & done
wait
load_results
survivors=()
for row in "${chosen[@]}"; do
	id=${row%%$'\t'*}
	verdict=${prev_verdict[$id]:-}
	[ "${prev_key[$id]:-}" = "${row#*$'\t'}" ] || verdict=not-run
	count[$verdict]=$(( ${count[$verdict]:-0} + 1 ))
	case $verdict in survived|not-reached) survivors+=("$id") ;; esac
done
for id in "${survivors[@]}"; do python3 "$T/mutants.py" show "$id"; done > "$OUT/survivors$sfx.diff"
k=${count[killed]:-0} s=${count[survived]:-0} u=${count[not-reached]:-0} t=${count[timed-out]:-0}
b=${count[stillborn]:-0} r=${count[not-run]:-0} q=${count[skipped]:-0}
counted=$((k + q + s + u + t))
echo "${#chosen[@]} of ${#all[@]} mutants$([ "$every" = 1 ] || echo " (every ${every}th)"): $k killed," \
	"$q skipped a test, $s survived, $u not reached, $t timed out, $b stillborn$([ $r = 0 ] || echo ", $r not run (stopped)");" \
	"score $(( counted ? 100 * (k + q + t) / counted : 0 )) % (killed, skipped or timed out of those that built)," \
	"$(( (SECONDS - start) / 60 )) min ($reused verdicts kept from earlier runs)"
echo "survivors' diffs: $OUT/survivors$sfx.diff"
