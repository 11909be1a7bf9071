#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gupnuma's KVM selftests under each built-in policy, in a kernel where
# gupnuma decides for KVM's own GUP (the protnone hook).  Policies that honor
# hinting for secondary MMUs get hinting faults and migration toward the
# vCPU; under `never` a guest that only reads gets neither, while a guest
# that writes still does (KVM's write faults pass FOLL_WRITE, and a protnone
# entry is not writable, so GUP faults whatever the protnone decision).
# Runs marked "fails" show that a test fails when its property is broken.
. /lib/gupnuma/lib.sh
D=/sys/kernel/mm/gupnuma
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
never numa_hinting_test,-r,-x passes
never numa_hinting_test,-r,-x,-t passes
never numa_hinting_test passes
never numa_hinting_test,-r,-d,10 fails
v3.8 protnone_memslot_test passes
v6.1 protnone_memslot_test passes
never protnone_memslot_test passes
v6.1 smaps_memslot_test passes
v6.1 smaps_memslot_test,-t fails
"
tap_plan $(echo "$RUNS" | grep -c .)
if [ "$(cat $D/kernel_hook 2>/dev/null)" != 1 ]; then
	echo "# no protnone hook in this kernel (kernel-patches/): nothing to compare"
	exit 1
fi
echo "$RUNS" | while read -r p cmd want; do
	[ -n "$p" ] || continue
	set -- $(echo "$cmd" | tr , ' ')
	t=$1
	shift
	case " $* " in *" -d "*) ;; *) [ $t = numa_hinting_test ] && set -- "$@" -d 20 ;; esac
	echo $p > $D/policy
	/tests/$t "$@" >/tmp/kvm.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/kvm.out | grep -v 'Random seed' | tail -3
	desc="$t $* under $p $want"
	if [ $want = passes ]; then
		if [ $rc = 0 ]; then tap_ok "$desc"; else tap_not_ok "$desc (exit $rc)"; fi
	else
		if [ $rc != 0 ] && [ $rc != 4 ]; then tap_ok "$desc"; else tap_not_ok "$desc (exit $rc)"; fi
	fi
done
echo v6.6 > $D/policy
