#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gupnuma's KVM selftests under each built-in policy, in a kernel where
# gupnuma decides for KVM's own GUP (the protnone hook).  Policies that honor
# hinting for secondary MMUs get hinting faults and migration toward the
# vCPU; under `never` a guest that only reads gets neither, while a guest
# that writes still does (KVM's write faults pass FOLL_WRITE, and a protnone
# entry is not writable, so GUP faults whatever the protnone decision).
# Runs marked "fails" show that a test fails when its property is broken.
# A run that must see no hinting (-x) lasts its whole -d: 10 s there, more
# than twice what the slowest run that must see it took (3.7 s, debug kernel).
# A run with architectures (a fourth field: amd64,arm64) holds on those only:
# on arm64, a guest that reads THP-backed memory under `never` livelocks
# (exit 3): KVM's GUP follows the protnone PMD, and arm64's own walk of the
# user page table (get_user_mapping_size()) finds it invalid and replays the
# stage-2 fault, forever (docs/arm64.md).
# Each run is killed after RUN_MAX_S (the longest, the livelock's, takes
# 31 s), with its threads' kernel stacks shown: one hung run fails alone,
# and the rest (about 85 s in all on arm64) still fit the bed's 300 s.
. /lib/gupnuma/lib.sh
D=/sys/kernel/mm/gupnuma
RUN_MAX_S=60
RUNS="
v6.6 numa_hinting_test passes
v6.6 numa_hinting_test,-t passes
v6.6 numa_hinting_test,-r passes
v6.5 numa_hinting_test passes
v6.5 numa_hinting_test,-t passes
v3.8 numa_hinting_test passes
v3.8 numa_hinting_test,-t passes
skip-pinned numa_hinting_test passes
skip-pinned numa_hinting_test,-t passes
never numa_hinting_test,-r,-x,-d,10 passes
never numa_hinting_test,-r,-x,-t,-d,10 passes amd64
never numa_hinting_test,-r,-x,-t livelocks arm64
never numa_hinting_test passes
never numa_hinting_test,-r,-d,10 fails
v3.8 protnone_memslot_test passes
v6.1 protnone_memslot_test passes
never protnone_memslot_test passes
v6.1 smaps_memslot_test passes
v6.1 smaps_memslot_test,-t fails
"
# the runs for this architecture
RUNS=$(echo "$RUNS" | awk -v a="$GUPNUMA_ARCH" 'NF && (NF < 4 || index("," $4 ",", "," a ","))')
tap_plan $(echo "$RUNS" | grep -c .)
if [ "$(cat $D/kernel_hook 2>/dev/null)" != 1 ]; then
	echo "# no protnone hook in this kernel (kernel-patches/): nothing to compare"
	exit 1
fi
echo "$RUNS" | while read -r p cmd want arches; do
	[ -n "$p" ] || continue
	set -- $(echo "$cmd" | tr , ' ')
	t=$1
	shift
	case " $* " in *" -d "*) ;; *) [ $t = numa_hinting_test ] && set -- "$@" -d 20 ;; esac
	echo $p > $D/policy
	t0=$(cut -d. -f1 /proc/uptime)
	run_bounded $RUN_MAX_S /tmp/kvm.out /tests/$t "$@" > /tmp/kvm.killed
	rc=$?
	sed 's/^/# /' /tmp/kvm.out | grep -v 'Random seed' | tail -3
	sed 's/^/# /' /tmp/kvm.killed
	echo "# exit $rc after $(( $(cut -d. -f1 /proc/uptime) - t0 )) s"
	desc="$t $* under $p $want"
	case $want in
	passes) ok=$([ $rc = 0 ] && echo 1) ;;
	livelocks) ok=$([ $rc = 3 ] && echo 1) ;;
	*) ok=$([ $rc != 0 ] && [ $rc != 4 ] && [ $rc != 3 ] && [ $rc != 137 ] && echo 1) ;;
	esac
	if [ -n "$ok" ]; then tap_ok "$desc"; else tap_not_ok "$desc (exit $rc)"; fi
done
echo v6.6 > $D/policy
