# SPDX-License-Identifier: GPL-2.0
# The kernels the test bed can boot.  Sourced after env.sh.
#   select_kernel NAME  (stock, test, debug: the test kernel with KASAN, lockdep,
#                       kmemleak and UBSAN, or unpatched: the test kernel without
#                       kernel-patches/, the baseline of their cost, or ref-6.1 /
#                       ref-5.10: Debian's older stock images, env.sh) sets
#                       KERNEL_IMAGE, KERNEL_KDIR, KERNEL_BOOT_MODULES,
#                       KERNEL_MODROOT, KERNEL_MODREL, KERNEL_CMDLINE
# Boot modules: kvm_amd (run.sh adds its dependencies) for /dev/kvm, and brd
# for /dev/ram0, a block device for O_DIRECT workloads.

# select_ref_kernel ROOT KABI: a reference kernel unpacked by deps.sh.  Only
# 6.1's headers are fetched: KERNEL_KDIR is empty for 5.10, nothing is built.
select_ref_kernel() {
	KERNEL_MODREL=$2-$GUPNUMA_FLAVOUR
	KERNEL_IMAGE=$1/boot/vmlinuz-$KERNEL_MODREL
	KERNEL_KDIR=""
	KERNEL_BOOT_MODULES="kvm_amd brd"
	KERNEL_MODROOT=$1
	KERNEL_CMDLINE=""
}

# select_built_kernel BUILD CMDLINE: a kernel testbed/build-kernel.sh built in
# the tree BUILD (KVM built in: no boot modules).
select_built_kernel() {
	KERNEL_IMAGE=$1/arch/x86/boot/bzImage
	KERNEL_KDIR=$1
	KERNEL_BOOT_MODULES=""
	KERNEL_MODROOT=$1/root
	KERNEL_MODREL=$(cat "$1/include/config/kernel.release" 2>/dev/null || true)
	KERNEL_CMDLINE=$2
}

select_kernel() {
	case "${1:-}" in
	stock)
		KERNEL_IMAGE=$STOCK_VMLINUZ
		KERNEL_KDIR=$STOCK_KDIR
		KERNEL_BOOT_MODULES="kvm_amd brd"
		KERNEL_MODROOT=$STOCK_ROOT
		KERNEL_MODREL=$KREL
		KERNEL_CMDLINE=""
		;;
	test) select_built_kernel "$TEST_BUILD" "kunit.enable=1" ;;
	debug) select_built_kernel "$DEBUG_BUILD" "kunit.enable=1" ;;
	unpatched) select_built_kernel "$UNPATCHED_BUILD" "" ;;
	ref-6.1)
		select_ref_kernel "$REF61_ROOT" "$GUPNUMA_REF61_KABI"
		KERNEL_KDIR=$REF61_KDIR     # the module builds for 6.1 (deps.sh)
		;;
	ref-5.10) select_ref_kernel "$REF510_ROOT" "$GUPNUMA_REF510_KABI" ;;
	"") die "no kernel given: use stock, test, debug, unpatched, ref-6.1 or ref-5.10" ;;
	*) die "unknown kernel '$1': use stock, test, debug, unpatched, ref-6.1 or ref-5.10" ;;
	esac
}
