#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel under QEMU (TCG, NUMA nodes, nested SVM) with gupnuma.ko and the
# given test programs in an initramfs; run them; decide pass/fail on the host.
#
#   testbed/run.sh --kernel stock|test|debug|unpatched|ref-6.1|ref-5.10 [--nodes N] [--memory-nodes M]
#                  [--timeout SECS] [--name RUN] [--module KO]...
#                  [--file PATH]... [--icount] TEST[:ARGS]...
#
# TEST is a host path of an executable (static binary or busybox sh script),
# run in the guest as /tests/NAME ARGS.  --module copies a .ko to /lib/gupnuma/,
# --file copies a helper (e.g. a KVM selftest binary) to /tests/, --bin copies
# a host program (e.g. numactl) with the shared libraries it needs.
# --icount runs QEMU with -icount shift=0,sleep=off: the guest's clock counts
# the instructions it executes (1 ns each) and skips idle time, so guest
# timings measure work, not the host's load (benchmarks of kernel code paths).
# --memory-nodes adds M nodes with memory and no CPU (nodes N..N+M-1), as
# CXL or HBM memory appears.
# Results: out/runs/RUN/{console.log,results.log,summary.json}.  Exit status
# is 0 only when every test passed and the kernel log has no splat.
set -euo pipefail
. "$(dirname "$0")/env.sh"

kernel="" nodes=2 memnodes=0 timeout=300 name="" mods=() files=() bins=() tests=() icount=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=${2:-}; shift 2 ;;
	--nodes) nodes=${2:-}; shift 2 ;;
	--memory-nodes) memnodes=${2:-}; shift 2 ;;
	--timeout) timeout=${2:-}; shift 2 ;;
	--name) name=${2:-}; shift 2 ;;
	--module) mods+=("${2:-}"); shift 2 ;;
	--file) files+=("${2:-}"); shift 2 ;;
	--bin) bins+=("${2:-}"); shift 2 ;;
	--icount) icount=(-icount shift=0,sleep=off); shift ;;
	-h|--help) sed -n '3,18p' "$0"; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) tests+=("$1"); shift ;;
	esac
done
case "$nodes" in ''|*[!0-9]*) die "--nodes wants a number, not '$nodes'" ;; esac
[ "$nodes" -ge 1 ] && [ "$nodes" -le 8 ] || die "--nodes must be 1..8"
case "$memnodes" in ''|*[!0-9]*) die "--memory-nodes wants a number, not '$memnodes'" ;; esac
[ $((nodes + memnodes)) -le 8 ] || die "--nodes and --memory-nodes: 8 nodes at most"
. "$GUPNUMA_TOP/testbed/kernels.sh"
select_kernel "$kernel"
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
cp /bin/busybox "$I/bin/busybox"
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
for b in "${bins[@]}"; do
	p=$(command -v "$b") || die "program $b not found on the host"
	mkdir -p "$I/usr/bin"
	cp "$p" "$I/usr/bin/"
	for lib in $(ldd "$p" | grep -o '/[^ ]*'); do
		mkdir -p "$I$(dirname "$lib")"
		cp -L "$lib" "$I$lib"
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
GUPNUMA_NODES=$nodes
GUPNUMA_MEMORY_NODES=$memnodes
GUPNUMA_TEST_TIMEOUT=$timeout
GUPNUMA_BOOT_MODULES="$boot_mods"
CONF
(cd "$I" && find . | cpio -o -H newc --quiet | gzip -1) > "$R/initramfs.cpio.gz"

# QEMU: one socket per NUMA node (else 6.12 WARNs about LLC siblings across
# nodes), memory split evenly, nested SVM with NPT.  One TCG thread for all
# vCPUs: with a thread per vCPU, a vCPU could run a stale translation of code
# another vCPU had just patched (text_poke() of a static key, as KVM's first
# VM flips the preempt-notifier key in __schedule()): an int3 Oops in
# __schedule, seen 4 times on a loaded host.  The same stock run took 107 s
# with one thread and 111 s with two (2-core host).
mem_per_node=1024
numa=()
for ((n = 0; n < nodes + memnodes; n++)); do
	cpus=",cpus=$n"
	[ $n -lt $nodes ] || cpus=""
	numa+=(-object "memory-backend-ram,id=m$n,size=${mem_per_node}M"
	       -numa "node,nodeid=$n$cpus,memdev=m$n")
done
ntests=${#tests[@]}
wall=$(( 60 + (ntests + 1) * (timeout + 5) ))
log "booting $kernel kernel ($nodes nodes + $memnodes without CPUs, $ntests tests, run dir $R)"
start=$(date +%s)
set +e
timeout -s KILL "$wall" qemu-system-x86_64 -M q35 -accel tcg,thread=single -cpu EPYC,+svm,+npt \
	-smp "$nodes,sockets=$nodes,cores=1,threads=1" -m "$((mem_per_node * (nodes + memnodes)))M" \
	"${numa[@]}" "${icount[@]}" \
	-kernel "$KERNEL_IMAGE" -initrd "$R/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 $KERNEL_CMDLINE" \
	-display none -monitor none -no-reboot \
	-serial "file:$R/console.log" -serial "file:$R/results.log" \
	>"$R/qemu.log" 2>&1
qrc=$?
set -e
log "guest ran $(( $(date +%s) - start )) s (qemu rc=$qrc)"
[ $qrc != 137 ] || echo "### gupnuma-killed-after $wall s" >> "$R/results.log"
python3 "$GUPNUMA_TOP/testbed/tap.py" --run "$name" --results "$R/results.log" \
	--console "$R/console.log" --summary "$R/summary.json" --ktap-dir "$R/ktap" \
	$(for t in "${tests[@]}"; do p=${t%%:*}; echo --expect "$(basename "$p")"; done)
