# SPDX-License-Identifier: GPL-2.0
# The kernels the test bed can boot.  Sourced after env.sh.
#   select_kernel NAME  (stock, test, or unpatched: the test kernel without
#                       kernel-patches/, the baseline of their cost) sets KERNEL_IMAGE, KERNEL_KDIR, KERNEL_BOOT_MODULES,
#                       KERNEL_MODROOT, KERNEL_MODREL, KERNEL_CMDLINE
select_kernel() {
	case "${1:-}" in
	stock)
		KERNEL_IMAGE=$STOCK_VMLINUZ
		KERNEL_KDIR=$STOCK_KDIR
		KERNEL_BOOT_MODULES="kvm_amd"
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
	unpatched)
		KERNEL_IMAGE=$UNPATCHED_BUILD/arch/x86/boot/bzImage
		KERNEL_KDIR=$UNPATCHED_BUILD
		KERNEL_BOOT_MODULES=""
		KERNEL_MODROOT=$UNPATCHED_BUILD/root
		KERNEL_MODREL=$(cat "$UNPATCHED_BUILD/include/config/kernel.release" 2>/dev/null || true)
		KERNEL_CMDLINE=""
		;;
	"") die "no kernel given: use stock, test or unpatched" ;;
	*) die "unknown kernel '$1': use stock, test or unpatched" ;;
	esac
}
