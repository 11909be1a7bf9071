# SPDX-License-Identifier: GPL-2.0
# The kernels the test bed can boot, as testbed/kernels.table describes them.
# Sourced after env.sh.
#   select_kernel NAME [ARCH]  sets KERNEL_IMAGE, KERNEL_KDIR (empty where no
#                       module is built), KERNEL_BOOT_MODULES, KERNEL_MODROOT,
#                       KERNEL_MODREL, KERNEL_CMDLINE, KERNEL_MAKE (kbuild's
#                       ARCH= and CROSS_COMPILE= for ARCH), the row's K_* and
#                       the architecture's A_* (env.sh); ARCH defaults to
#                       $GUPNUMA_ARCH
# Boot modules of Debian's images: the architecture's KVM module (kvm_amd;
# run.sh adds its dependencies) for /dev/kvm, and brd for /dev/ram0, a block
# device for O_DIRECT workloads.  A built kernel has KVM and brd built in,
# and KUnit on its command line.
select_kernel() {
	local root arch=${2:-$GUPNUMA_ARCH}
	check_arch "$arch"
	[ -n "${1:-}" ] || die "no kernel given: use one of $(kernel_names - "$arch" | tr '\n' ' ')"
	need_kernel "$1" "$arch"
	KERNEL_MAKE=(ARCH="$A_KARCH")
	[ -z "$A_CROSS" ] || KERNEL_MAKE+=(CROSS_COMPILE="$A_CROSS")
	case $K_KIND in
	debian)
		root=$(kernel_root "$1" "$arch")
		KERNEL_MODREL=$K_KREL
		KERNEL_BOOT_MODULES="brd"
		[ "$A_KVMMOD" = - ] || KERNEL_BOOT_MODULES="$A_KVMMOD brd"
		KERNEL_CMDLINE=""
		KERNEL_KDIR=""
		[ "$K_HEADERS" != yes ] || KERNEL_KDIR=$root/usr/src/linux-headers-$K_KREL
		case $K_PACKAGING in
		image)
			KERNEL_IMAGE=$root/boot/vmlinuz-$K_KREL
			KERNEL_MODROOT=$root
			;;
		binary)
			KERNEL_IMAGE=$root/usr/lib/modules/$K_KREL/vmlinuz.unsigned
			KERNEL_MODROOT=$root/usr
			;;
		*) die "kernel $1: unknown packaging '$K_PACKAGING' in testbed/kernels.table" ;;
		esac
		;;
	built)
		KERNEL_KDIR=$(built_kernel_dir "$1" "$arch")
		KERNEL_IMAGE=$KERNEL_KDIR/$A_IMAGE
		KERNEL_BOOT_MODULES=""
		KERNEL_MODROOT=$KERNEL_KDIR/root
		KERNEL_MODREL=$(cat "$KERNEL_KDIR/include/config/kernel.release" 2>/dev/null || true)
		KERNEL_CMDLINE=""
		# kunit.autorun=1: allnoconfig leaves KUNIT_AUTORUN_ENABLED (it
		# has a prompt) off, and then no suite runs when its module loads
		[ "$K_VARIANT" = unpatched ] || KERNEL_CMDLINE="kunit.enable=1 kunit.autorun=1"
		;;
	*) die "kernel $1: unknown kind '$K_KIND' in testbed/kernels.table" ;;
	esac
}
