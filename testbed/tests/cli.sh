#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The gupnuma command in the guest: every subcommand, bad arguments,
# non-root, module not loaded.  Needs /tests/gupnuma and gupnuma.ko.
. /lib/gupnuma/lib.sh
G=/tests/gupnuma
tap_plan 40
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko
# the kernel's own policy (the default)
K=$(kernel_policy)

tap_check "policy set $K (the kernel's), policy list marks it" \
	sh -c "$G policy set $K && $G policy list | grep -qF '[$K]'"
tap_check "policy set never" sh -c "$G policy set never && $G policy show | grep -qF '[never]'"
tap_check "policy set an unknown name: exit 2" fails 2 "unknown policy 'v9.9'" $G policy set v9.9
tap_check "policy custom refuses a fault in a PROT_NONE VMA, naming the cell" \
	fails 2 "cell hmm/inaccessible = fault" $G policy custom "hmm fault fault"
tap_check "policy custom sets a row" sh -c "$G policy custom 'gup fault follow' && $G policy custom | grep -qx 'gup fault follow'"
tap_check "stats prints the three tables" sh -c "[ \$($G stats | grep -c '^== ') = 3 ]"
tap_check "stats --reset" $G stats --reset
tap_check "stats with a bad option: exit 2" fails 2 "stats takes only --reset" $G stats --all
tap_check "stats --json" sh -c "$G stats --json | grep -q '\"decisions\": \\['"
tap_check "policy list --json" sh -c "$G policy list --json | grep -q '\"name\": \"never\", \"active\": true'"
tap_check "shadow on, show, off" sh -c "$G shadow on && [ \$($G shadow show) = 1 ] && $G shadow off"
$G policy set $K
# hook: in the test kernel gupnuma is the protnone hook (the kernel's policy
# takes no site; observe takes all); in the stock kernel there is none.
if [ "$(cat /sys/kernel/mm/gupnuma/kernel_hook)" = 1 ]; then
	tap_check "hook show: yes, no site under $K (the kernel's), observe off" \
		sh -c "$G hook show | tr '\n' ';' | grep -qx 'kernel hook: yes;sites: none;observe: off;'"
	tap_check "hook observe on: every site; off: none" \
		sh -c "$G hook observe on && $G hook show | grep -qx 'sites: gup folio_walk smaps hmm' &&
		       $G hook observe off && $G hook show | grep -qx 'sites: none'"
else
	tap_check "hook show: no hook in this kernel" sh -c "$G hook show | grep -q '^kernel hook: no '"
	tap_check "hook observe on without the hook: exit 2" \
		fails 2 "this kernel has no protnone hook" $G hook observe on
fi
tap_check "hook with an unknown command: exit 2" fails 2 "unknown hook command 'x'" $G hook x
tap_check "experiment migrate under the active policy" \
	sh -c "$G experiment migrate --size 4 --duration 1 | grep -q '^$K '"
tap_check "compare --json" sh -c "$G compare --workloads mirror --size 4 --duration 1 --policies v6.6,never --json | grep -q '\"policy\": \"never\"'"
# the CLI runs its own compiled policies by name: a module whose list differs
# (another version; here its policy file bound over) gets a note naming both
tap_check "compare: no note when the module's policies are the CLI's" sh -c "
	$G compare --workloads cpu --duration 1 --policies v6.6 2>/tmp/cmp.err >/dev/null &&
	! grep -q 'not this CLI' /tmp/cmp.err"
echo "v3.8 [v6.6] custom" > /tmp/other-policies
mount --bind /tmp/other-policies /sys/kernel/mm/gupnuma/policy
tap_check "compare: a module with other policies gets a note naming both lists" sh -c "
	$G compare --workloads cpu --duration 1 --policies v6.6 2>&1 >/dev/null |
	grep -q \"policies (v3.8 v6.6 custom) are not this CLI's (v3.8 v6.1\""
umount /sys/kernel/mm/gupnuma/policy
tap_check "compare: unknown node" fails 2 "unknown node '7'" $G compare --to 7
tap_check "compare: same node twice" fails 2 "must be different nodes" $G compare --from 1 --to 1
tap_check "compare: size 0" fails 2 "--size wants a number of MiB > 0" $G compare --size 0
tap_check "compare: larger than the node" fails 2 "does not fit in node 0" $G compare --size 100000
tap_check "compare: unknown policy" fails 2 "unknown policy 'v0'" $G compare --policies v6.6,v0
tap_check "compare: unknown accessor" fails 2 "unknown accessor 'qemu'" $G compare --accessor qemu
tap_check "compare: unknown workload" fails 2 "unknown workload 'qemu' (mirror, gup, cpu," \
	$G compare --workloads mirror,qemu
tap_check "compare: --accessor and --workloads together" fails 2 "give one of them" \
	$G compare --accessor cpu --workloads cpu
tap_check "compare: an option that does not apply is a note, not an error" \
	sh -c "$G compare --accessor cpu --kvm-accessor /nonexistent --size 4 --duration 1 \
	       --policies v6.6 2>&1 >/dev/null | grep -q 'note: --kvm-accessor is ignored'"
tap_check "failed runs leave the policy and shadow mode as they were" \
	sh -c "$G policy show | grep -qF '[$K]' && [ \$($G shadow show) = 0 ]"
grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534::/:/bin/sh' >> /etc/passwd
# (a CLI built with --coverage, as in make check's test run, writes its
# counts under GCOV_PREFIX: root's tree is not nobody's to write)
tap_check "non-root cannot set the policy" fails 3 "setting policy needs root" \
	su nobody -s /bin/sh -c "GCOV_PREFIX=/tmp/gcov-nobody $G policy set never"
/tests/protnone_holder 4 > /tmp/holder &
sleep 1
set -- $(cat /tmp/holder)
tap_check "lookup of another process: 4 protnone pages followed" \
	sh -c "[ \$($G lookup --pid $1 --addr $2 --pages 4 --policy v6.6 | grep -c 'protnone') = 4 ]"
tap_check "lookup --json" sh -c "$G lookup --pid $1 --addr $2 --pages 2 --json | grep -q '\"protnone\": 2'"
tap_check "lookup: unknown caller, exit 2" fails 2 "unknown caller 'kvm'" $G lookup --pid $1 --addr $2 --caller kvm
tap_check "lookup: a policy the module does not have, exit 2" \
	fails 2 "the loaded module has no policy 'v9.9'" $G lookup --pid $1 --addr $2 --policy v9.9
kill $1
tap_check "--version: the command's and the module's, alike, no warning" \
	sh -c "[ \"\$($G --version 2>/tmp/version.err)\" = \"gupnuma \$(cat /sys/kernel/mm/gupnuma/version)
module: \$(cat /sys/kernel/mm/gupnuma/version)\" ] && ! grep -q warning /tmp/version.err"
# Before 6.5 (Debian's 6.1) the kernel has no FOLL_HONOR_NUMA_FAULT: said, not hidden.
version_note() {
	if [ "$(cat /sys/kernel/mm/gupnuma/kernel_honor_numa_fault)" = 1 ]; then
		[ ! -s /tmp/version.err ]
	else
		grep -q 'no FOLL_HONOR_NUMA_FAULT' /tmp/version.err &&
			! grep -qw gup /sys/kernel/mm/gupnuma/engine
	fi
}
tap_check "--version notes a kernel without FOLL_HONOR_NUMA_FAULT (no gup engine), only there" \
	version_note
tap_check "rmmod gupnuma (no user left)" unload_gupnuma
tap_check "--version without the module" sh -c "$G --version | grep -qx 'module: not loaded'"
tap_check "module not loaded: policy, exit 2" fails 2 "not loaded" $G policy list
tap_check "module not loaded: compare under a policy, exit 2" fails 2 "not loaded" \
	$G compare --policies v6.6
tap_check "module not loaded: a workload that needs it, exit 2" \
	fails 2 "mirror: needs the gupnuma module" $G compare --workloads cpu,mirror
insmod /lib/gupnuma/gupnuma.ko
tap_exit
