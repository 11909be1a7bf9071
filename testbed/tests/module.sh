#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gupnuma.ko loads, shows its sysfs tree, refuses writes to read-only files,
# unloads cleanly and loads again.
. /lib/gupnuma/lib.sh
KO=/lib/gupnuma/gupnuma.ko
D=/sys/kernel/mm/gupnuma
tap_plan 22

rmmod gupnuma 2>/dev/null
tap_check "insmod gupnuma.ko" insmod $KO
DEF=$(kernel_policy)
tap_check "kernel_policy names a built-in policy ($DEF)" grep -qx 1 $D/policies/$DEF/builtin
tap_check "$D/version matches the module's version" \
	sh -c "v=\$(cat $D/version) && m=\$(cat /sys/module/gupnuma/version) && echo \"sysfs \$v module \$m\" && [ -n \"\$v\" ] && [ \"\$v\" = \"\$m\" ]"
tap_check "$D/version is read-only (mode and write)" \
	sh -c "[ \"\$(stat -c %a $D/version)\" = 444 ] && ! echo 9 2>/dev/null > $D/version"
# write_fails FILE VALUE ERRNO_TEXT: the write is refused with that errno.
write_fails() {
	out=$(sh -c "echo '$2' > $1" 2>&1)
	echo "$out" | grep -q "$3" || { echo "write of '$2' to $1: '$out'"; return 1; }
}
# policy lists the registry in index order: policies/NAME/index is each
# name's position, and there is a directory for each and no other.
policies_match_dirs() {
	i=0
	for p in $(tr -d '[]' < $D/policy); do
		[ "$(cat $D/policies/$p/index)" = $i ] ||
			{ echo "$p: index '$(cat $D/policies/$p/index)', position $i"; return 1; }
		for f in builtin kernels source doc alias; do
			[ "$(stat -c %a $D/policies/$p/$f)" = 444 ] || { echo "$p/$f: not 0444"; return 1; }
		done
		i=$((i + 1))
	done
	echo "$i policies"
	[ "$(ls $D/policies | wc -l)" = $i ] && [ $i -gt 1 ] && grep -q "\[$DEF\]" $D/policy &&
		grep -qx 1 $D/policies/$DEF/builtin && grep -qx 0 $D/policies/custom/builtin &&
		grep -qx v6.5-rc1 $D/policies/v6.1/alias
}
tap_check "policy lists policies/NAME/ in index order, $DEF (the kernel's own) active at load" \
	policies_match_dirs
tap_check "policy: the alias v6.5-rc1 selects v6.1" \
	sh -c "echo v6.5-rc1 > $D/policy && grep -q '\[v6.1\]' $D/policy && echo $DEF > $D/policy"
tap_check "policy: write a name switches" \
	sh -c "echo never > $D/policy && grep -q '\[never\]' $D/policy && echo $DEF > $D/policy"
unknown_policy_refused() {
	write_fails $D/policy v9.9 'Invalid argument' && grep -q "\[$DEF\]" $D/policy
}
fault_in_prot_none_vma_refused() {
	write_fails $D/custom 'hmm fault fault' 'Invalid argument' &&
		grep -qx 'hmm fault nopage' $D/custom &&
		dmesg | grep -q 'custom: refused: cell hmm/inaccessible = fault'
}
malformed_rows_refused() {
	write_fails $D/custom 'gup sometimes' 'Invalid argument' &&
		write_fails $D/custom 'kvm fault follow' 'Invalid argument'
}
# Without the protnone hook (stock) observe mode cannot be turned on; with it,
# observe takes every site and 0 gives them back.
observe_switches() {
	if [ "$(cat $D/kernel_hook)" != 1 ]; then
		write_fails $D/kernel_hook_observe 1 'Operation not supported' &&
			grep -qx 0 $D/kernel_hook_observe
		return
	fi
	echo 1 > $D/kernel_hook_observe && grep -qx 1 $D/kernel_hook_observe &&
		grep -qx 'gup folio_walk smaps hmm' $D/kernel_hook_sites &&
		echo 0 > $D/kernel_hook_observe && grep -qx none $D/kernel_hook_sites
}
tap_check "policy: unknown name is EINVAL and changes nothing" unknown_policy_refused
tap_check "kernel_hook_sites: none at load ($DEF decides as the kernel does)" \
	grep -qx none $D/kernel_hook_sites
tap_check "kernel_hook_observe: a value that is not a boolean is EINVAL" \
	write_fails $D/kernel_hook_observe maybe 'Invalid argument'
tap_check "kernel_hook_observe: on and off (EOPNOTSUPP without the hook)" observe_switches
tap_check "custom: a valid row is applied" \
	sh -c "echo 'gup fault follow' > $D/custom && grep -qx 'gup fault follow' $D/custom"
tap_check "custom: FAULT in a PROT_NONE VMA is EINVAL, names the cell, changes nothing" \
	fault_in_prot_none_vma_refused
tap_check "custom: malformed rows are EINVAL" malformed_rows_refused
gup_fast_follow_refused() {
	write_fails $D/custom 'gup-fast follow follow' 'Invalid argument' &&
		grep -qx 'gup-fast fallback fallback' $D/custom &&
		dmesg | grep -q 'custom: refused: cell gup-fast/accessible = follow: GUP-fast can only fall back'
}
tap_check "custom: GUP-fast follow is EINVAL (pte_access_permitted() refuses protnone)" \
	gup_fast_follow_refused
# A NUL byte would hide the rows after it: "gup fault follow\0hmm fault fault"
# is refused although its first row is valid, and so is "\0garbage".
nul_refused() {
	before=$(cat $D/custom)
	! printf 'gup fault follow\000hmm fault fault' 2>/dev/null > $D/custom &&
		[ "$(cat $D/custom)" = "$before" ] &&
		! printf '\000garbage' 2>/dev/null > $D/custom &&
		dmesg | grep -q 'custom: refused: a NUL byte'
}
tap_check "custom: a write with a NUL byte is EINVAL and changes nothing" nul_refused
tap_check "custom and policy are not writable by others (mode 644)" \
	sh -c "[ \$(stat -c %a $D/custom) = 644 ] && [ \$(stat -c %a $D/policy) = 644 ]"
tap_check "policy custom can be selected" sh -c "echo custom > $D/policy && grep -q '\[custom\]' $D/policy"
tap_check "rmmod gupnuma" rmmod gupnuma
tap_check "$D is gone after unload" [ ! -e $D ]
tap_check "insmod again after unload" insmod $KO
tap_check "rmmod again" rmmod gupnuma
tap_exit
