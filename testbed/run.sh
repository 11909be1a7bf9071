#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel under QEMU (TCG, NUMA nodes, virtualization on) with gupnuma.ko
# and the given test programs in an initramfs; run them; decide pass/fail on
# the host.
#
#   testbed/run.sh --kernel NAME [--arch ARCH] [--nodes N] [--memory-nodes M]
#                  [--timeout SECS] [--name RUN] [--module KO]...
#                  [--file PATH]... [--bin PROGRAM]... [--icount]
#                  [--gigantic] [--stop-at-failure] TEST[:ARGS]...
#
# NAME is a row of testbed/kernels.table, ARCH one of testbed/arches.table
# (default: $GUPNUMA_ARCH, else the host's); the row must exist for ARCH.
# Programs and modules must be built for ARCH.
#
# TEST is a host path of an executable (static binary or busybox sh script),
# run in the guest as /tests/NAME ARGS.  --module copies a .ko to /lib/gupnuma/,
# --file copies a helper (e.g. a KVM selftest binary) to /tests/, --bin copies
# a program (e.g. numactl: the host's, or for another ARCH Debian's of that
# architecture, unpacked by testbed/deps.sh) with the shared libraries it needs.
# --icount runs QEMU with -icount shift=0,sleep=off: the guest's clock counts
# the instructions it executes (1 ns each) and skips idle time, so guest
# timings measure work, not the host's load (benchmarks of kernel code paths).
# Nodes have 1 GiB each; --gigantic gives them arches.table's nodemem and
# reserves a 1 GiB hugetlb page at boot (lookup_test's hugetlb.pud), so
# that each node still has at least 1 GiB free.
# --memory-nodes adds M nodes with memory and no CPU (nodes N..N+M-1), as
# CXL or HBM memory appears.  --stop-at-failure ends the run at the first
# test that fails (a skip goes on); the tests after it count as failed, "not
# run" (testbed/mutants.sh: a mutant is killed by its first failure).
# Results: out/runs/RUN/{console.log,results.log,summary.json}.  Exit status
# is 0 only when every test passed and the kernel log has no splat.
# GUPNUMA_QEMU runs another program in QEMU's place, with QEMU's arguments
# (the bed's self-test: one that writes the end of a run and never exits).
set -euo pipefail
. "$(dirname "$0")/env.sh"

kernel="" arch=$GUPNUMA_ARCH nodes=2 memnodes=0 timeout=300 name="" mods=() files=() bins=() tests=() icount=() stop="" gigantic=""
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=${2:-}; shift 2 ;;
	--arch) arch=${2:-}; shift 2 ;;
	--nodes) nodes=${2:-}; shift 2 ;;
	--memory-nodes) memnodes=${2:-}; shift 2 ;;
	--timeout) timeout=${2:-}; shift 2 ;;
	--name) name=${2:-}; shift 2 ;;
	--module) mods+=("${2:-}"); shift 2 ;;
	--file) files+=("${2:-}"); shift 2 ;;
	--bin) bins+=("${2:-}"); shift 2 ;;
	--icount) icount=(-icount shift=0,sleep=off); shift ;;
	--gigantic) gigantic=1; shift ;;
	--stop-at-failure) stop=1; shift ;;
	-h|--help) sed -n '3,34p' "$0"; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) tests+=("$1"); shift ;;
	esac
done
case "$nodes" in ''|*[!0-9]*) die "--nodes wants a number, not '$nodes'" ;; esac
[ "$nodes" -ge 1 ] && [ "$nodes" -le 8 ] || die "--nodes must be 1..8"
case "$memnodes" in ''|*[!0-9]*) die "--memory-nodes wants a number, not '$memnodes'" ;; esac
[ $((nodes + memnodes)) -le 8 ] || die "--nodes and --memory-nodes: 8 nodes at most"
. "$GUPNUMA_TOP/testbed/kernels.sh"
select_kernel "$kernel" "$arch"
[ -e "$KERNEL_IMAGE" ] || die "kernel image $KERNEL_IMAGE is missing (make deps / make test-kernel)"
for t in "${tests[@]}"; do
	[ -x "${t%%:*}" ] || die "test $t is not an executable file"
done
for m in "${mods[@]}" "${files[@]}"; do
	[ -f "$m" ] || die "file $m does not exist"
done

name=${name:-$kernel}
R=$GUPNUMA_TOP/out/runs/$name
rm -rf "$R" && mkdir -p "$R/initramfs"
I=$R/initramfs

# initramfs: busybox, boot modules, our modules, tests.
mkdir -p "$I"/{bin,sbin,etc,proc,sys,dev,tmp,tests,lib/gupnuma/boot}
cp "$A_SYSROOT/bin/busybox" "$I/bin/busybox"
for app in $(/bin/busybox --list); do
	[ "$app" = busybox ] || ln -sf busybox "$I/bin/$app"
done
boot_mods=""
for m in $KERNEL_BOOT_MODULES; do
	for f in $(modprobe -S "$KERNEL_MODREL" -d "$KERNEL_MODROOT" --show-depends "$m" | awk '$1 == "insmod" {print $2}'); do
		b=$(basename "$f" .xz)
		case " $boot_mods " in *" $b "*) continue ;; esac
		# 6.12 ships .ko.xz (decompressed here, for busybox insmod); 6.1 and
		# 5.10 ship plain .ko.
		case "$f" in
		*.ko.xz) xz -dc "$f" ;;
		*) cat "$f" ;;
		esac > "$I/lib/gupnuma/boot/$b"
		boot_mods="$boot_mods $b"
	done
done
for m in "${mods[@]}"; do
	cp "$m" "$I/lib/gupnuma/"
done
for f in "${files[@]}"; do
	cp "$f" "$I/tests/"
done
# needed ELF: the interpreter and the shared libraries ELF needs, for the
# guest's architecture (read with readelf: no need to run it), looked up in
# A_SYSROOT's library directories (the host's own for the host's architecture).
needed() {
	local l d
	readelf -l "$1" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p'
	for l in $(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		for d in /lib/$A_GNU /usr/lib/$A_GNU /lib /usr/lib; do
			[ ! -e "$A_SYSROOT$d/$l" ] || { echo "$d/$l"; needed "$A_SYSROOT$d/$l"; break; }
		done
	done
}
for b in "${bins[@]}"; do
	p=""
	for d in /usr/bin /bin /usr/sbin /sbin; do
		[ ! -x "$A_SYSROOT$d/$b" ] || { p=$A_SYSROOT$d/$b; break; }
	done
	[ -n "$p" ] || die "program $b not found for $arch (in ${A_SYSROOT:-}/usr/bin)"
	mkdir -p "$I/usr/bin"
	cp "$p" "$I/usr/bin/"
	for lib in $(needed "$p" | sort -u); do
		mkdir -p "$I$(dirname "$lib")"
		cp -L "$A_SYSROOT$lib" "$I$lib"
	done
done
: > "$I/tests/list"
for t in "${tests[@]}"; do
	p=${t%%:*} args=""
	[ "$p" = "$t" ] || args=$(echo "${t#*:}" | tr , ' ')
	cp "$p" "$I/tests/"
	echo "$(basename "$p") $args" >> "$I/tests/list"
done
cp "$GUPNUMA_TOP/testbed/guest-init.sh" "$I/init"
# one VM held for the whole session (testbed/kvm-hold.c says why)
[ ! -x "$GUPNUMA_TOP/out/bin/kvm-hold" ] || cp "$GUPNUMA_TOP/out/bin/kvm-hold" "$I/lib/gupnuma/"
cp "$GUPNUMA_TOP/testbed/guest-lib.sh" "$I/lib/gupnuma/lib.sh"
cp "$GUPNUMA_TOP/testbed/config-check.sh" "$I/lib/gupnuma/config-check.sh"
cat > "$I/etc/gupnuma.conf" <<CONF
GUPNUMA_KERNEL=$kernel
GUPNUMA_ARCH=$arch
GUPNUMA_TAPDEV=$A_TAPDEV
GUPNUMA_NODES=$nodes
GUPNUMA_MEMORY_NODES=$memnodes
GUPNUMA_TEST_TIMEOUT=$timeout
GUPNUMA_BOOT_MODULES="$boot_mods"
GUPNUMA_STOP_AT_FAILURE=$stop
CONF
(cd "$I" && find . | cpio -o -H newc --quiet | gzip -1) > "$R/initramfs.cpio.gz"

# QEMU as testbed/arches.table describes the architecture: one socket per
# NUMA node where it has sockets (else 6.12 on x86 WARNs about LLC siblings
# across nodes), memory split evenly, virtualization on (nested SVM with NPT;
# arm64: EL2).  One TCG thread for all
# vCPUs: with a thread per vCPU, a vCPU could run a stale translation of code
# another vCPU had just patched (text_poke() of a static key, as KVM's first
# VM flips the preempt-notifier key in __schedule()): an int3 Oops in
# __schedule, seen 4 times on a loaded host.  The same stock run took 107 s
# with one thread and 111 s with two (2-core host).
# With --gigantic, a 1 GiB hugetlb page reserved at boot (memblock gives it
# the last node), so that lookup_test looks up memory mapped by a PUD, and
# nodes of the table's size (x86: 2 GiB, +0.3 s a boot; on the debug kernel
# kmemleak's scans of the memory map took 26 s more) that keep at least
# the 1 GiB free the nodes have without it.
mem_per_node=1024 boot_gigantic=""
[ -z "$gigantic" ] || { mem_per_node=$A_NODEMEM boot_gigantic="hugepagesz=1G hugepages=1"; }
numa=()
for ((n = 0; n < nodes + memnodes; n++)); do
	cpus=",cpus=$n"
	[ $n -lt $nodes ] || cpus=""
	numa+=(-object "memory-backend-ram,id=m$n,size=${mem_per_node}M"
	       -numa "node,nodeid=$n$cpus,memdev=m$n")
done
smp=$nodes
[ "$A_SOCKETS" != yes ] || smp="$nodes,sockets=$nodes,cores=1,threads=1"
# QEMU's PCI test device, which no driver claims: a BAR a test maps through
# sysfs (I/O memory without struct pages: lookup_test)
testdev=(-device pci-testdev)
# the TAP port: the second -serial, or the devices the table names
tapport=(-serial "file:$R/results.log")
[ "$A_TAP" = serial ] || IFS=+ read -r -a tapport <<<"${A_TAP//@FILE@/$R/results.log}"
ntests=${#tests[@]}
wall=$(( 60 + (ntests + 1) * (timeout + 5) ))
log "booting $kernel kernel on $arch ($nodes nodes + $memnodes without CPUs, $ntests tests, run dir $R)"
start=$(date +%s)
set +e
timeout -s KILL "$wall" "${GUPNUMA_QEMU:-$A_QEMU}" -M "$A_MACHINE" -accel tcg,thread=single -cpu "$A_CPU" \
	-smp "$smp" -m "$((mem_per_node * (nodes + memnodes)))M" \
	"${numa[@]}" "${icount[@]}" \
	-kernel "$KERNEL_IMAGE" -initrd "$R/initramfs.cpio.gz" \
	-append "console=$A_CONSOLE panic=-1 $boot_gigantic $KERNEL_CMDLINE" \
	-display none -monitor none -no-reboot "${testdev[@]}" \
	-serial "file:$R/console.log" "${tapport[@]}" \
	>"$R/qemu.log" 2>&1 &
qpid=$!
# A guest that reported the end of its tests but did not power off within
# POWEROFF_GRACE s (60, or GUPNUMA_POWEROFF_GRACE) is stopped then, not at
# the wall limit: a wedged kernel (a mutant's soft lockup) held a core for
# up to 13 min.  timeout passes the TERM on to QEMU; tap.py fails the run.
POWEROFF_GRACE=${GUPNUMA_POWEROFF_GRACE:-60}
done_at=""
while kill -0 $qpid 2>/dev/null; do
	if [ -z "$done_at" ] && grep -q '^### gupnuma-done' "$R/results.log" 2>/dev/null; then
		done_at=$SECONDS
	elif [ -n "$done_at" ] && [ $((SECONDS - done_at)) -ge $POWEROFF_GRACE ]; then
		echo "### gupnuma-no-poweroff $POWEROFF_GRACE s after the last test" >> "$R/results.log"
		kill -TERM $qpid
		break
	fi
	sleep 1
done
wait $qpid
qrc=$?
set -e
log "guest ran $(( $(date +%s) - start )) s (qemu rc=$qrc)"
[ $qrc != 137 ] || echo "### gupnuma-killed-after $wall s" >> "$R/results.log"
python3 "$GUPNUMA_TOP/testbed/tap.py" --run "$name" --results "$R/results.log" \
	--console "$R/console.log" --summary "$R/summary.json" --ktap-dir "$R/ktap" \
	$(for t in "${tests[@]}"; do p=${t%%:*}; echo --expect "$(basename "$p")"; done)
