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
	test)
		KERNEL_IMAGE=$TEST_VMLINUZ
		KERNEL_KDIR=$TEST_BUILD
		KERNEL_BOOT_MODULES=""      # KVM is built in
		KERNEL_MODROOT=$TEST_BUILD/root
		KERNEL_MODREL=$(cat "$TEST_BUILD/include/config/kernel.release" 2>/dev/null || true)
		KERNEL_CMDLINE="kunit.enable=1"
		;;
	debug)
		KERNEL_IMAGE=$DEBUG_BUILD/arch/x86/boot/bzImage
		KERNEL_KDIR=$DEBUG_BUILD
		KERNEL_BOOT_MODULES=""
		KERNEL_MODROOT=$DEBUG_BUILD/root
		KERNEL_MODREL=$(cat "$DEBUG_BUILD/include/config/kernel.release" 2>/dev/null || true)
		KERNEL_CMDLINE="kunit.enable=1"
		;;
	unpatched)
		KERNEL_IMAGE=$UNPATCHED_BUILD/arch/x86/boot/bzImage
		KERNEL_KDIR=$UNPATCHED_BUILD
		KERNEL_BOOT_MODULES=""
		KERNEL_MODROOT=$UNPATCHED_BUILD/root
		KERNEL_MODREL=$(cat "$UNPATCHED_BUILD/include/config/kernel.release" 2>/dev/null || true)
		KERNEL_CMDLINE=""
		;;
	ref-6.1)
		select_ref_kernel "$REF61_ROOT" "$GUPNUMA_REF61_KABI"
		KERNEL_KDIR=$REF61_KDIR     # the module builds for 6.1 (deps.sh)
		;;
	ref-5.10) select_ref_kernel "$REF510_ROOT" "$GUPNUMA_REF510_KABI" ;;
	"") die "no kernel given: use stock, test, debug, unpatched, ref-6.1 or ref-5.10" ;;
	*) die "unknown kernel '$1': use stock, test, debug, unpatched, ref-6.1 or ref-5.10" ;;
	esac
}
