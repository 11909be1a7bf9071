# SPDX-License-Identifier: GPL-2.0
# Common settings of the gupnuma test bed, sourced by every testbed script.
#
# The one place that pins the Linux version.  Override with GUPNUMA_KABI=...
# (the Debian ABI name, e.g. 6.12.115+deb12) to select another.
GUPNUMA_KABI=${GUPNUMA_KABI:-6.12.117+deb12}
GUPNUMA_FLAVOUR=${GUPNUMA_FLAVOUR:-amd64}

# Caches live outside the repository; a second run downloads and rebuilds nothing.
GUPNUMA_CACHE=${GUPNUMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupnuma}
GUPNUMA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

KREL=$GUPNUMA_KABI-$GUPNUMA_FLAVOUR
DEB_DIR=$GUPNUMA_CACHE/debs/$GUPNUMA_KABI
STOCK_ROOT=$GUPNUMA_CACHE/stock/$GUPNUMA_KABI          # dpkg-deb -x of image, headers, kbuild
SRC_ROOT=$GUPNUMA_CACHE/src/$GUPNUMA_KABI              # unpacked linux-source-6.12
STOCK_KDIR=$STOCK_ROOT/usr/src/linux-headers-$KREL
STOCK_VMLINUZ=$STOCK_ROOT/boot/vmlinuz-$KREL
STOCK_MODDIR=$STOCK_ROOT/lib/modules/$KREL

# Older Debian kernels booted as references (run.sh --kernel ref-6.1|ref-5.10):
# what NUMA balancing and KVM did before 6.12.  Only their image packages are
# fetched (vmlinuz + modules, no headers): no module is built for them.  A suite
# the machine's apt sources do not list (bullseye) is fetched through a private
# apt list directory in the cache.  Override an ABI to pin another build.
GUPNUMA_REF61_KABI=${GUPNUMA_REF61_KABI:-6.1.0-57}        # 6.1.192, bookworm(-security)
GUPNUMA_REF61_SUITE=bookworm
GUPNUMA_REF510_KABI=${GUPNUMA_REF510_KABI:-5.10.0-32}     # 5.10.223, bullseye
GUPNUMA_REF510_SUITE=bullseye
GUPNUMA_REF_KERNELS="$GUPNUMA_REF61_KABI:$GUPNUMA_REF61_SUITE $GUPNUMA_REF510_KABI:$GUPNUMA_REF510_SUITE"
REF61_ROOT=$GUPNUMA_CACHE/ref/$GUPNUMA_REF61_KABI       # dpkg-deb -x of the image
REF61_HDR_ROOT=$GUPNUMA_CACHE/ref-headers/$GUPNUMA_REF61_KABI   # its headers + kbuild
REF61_KDIR=$REF61_HDR_ROOT/usr/src/linux-headers-$GUPNUMA_REF61_KABI-$GUPNUMA_FLAVOUR
REF510_ROOT=$GUPNUMA_CACHE/ref/$GUPNUMA_REF510_KABI

die() { echo "gupnuma: $*" >&2; exit 2; }
log() { echo "gupnuma: $*" >&2; }

# The test kernel's build tree is keyed by version + config fragment + patches +
# the build script, so an unchanged kernel is never rebuilt.  test_kernel_key
# unpatched: the same kernel without kernel-patches/ (the cost baseline);
# debug: with testbed/debug-kernel.config too.
test_kernel_key() {
	local f patches=("$GUPNUMA_TOP"/kernel-patches/*.patch) debug=()
	[ "${1:-}" != unpatched ] || patches=()
	[ "${1:-}" != debug ] || debug=("$GUPNUMA_TOP/testbed/debug-kernel.config")
	{
		echo "$GUPNUMA_KABI ${1:-}"
		for f in "$GUPNUMA_TOP/testbed/test-kernel.config" "$GUPNUMA_TOP/testbed/build-kernel.sh" \
			 "${patches[@]}" "${debug[@]}"; do
			[ -e "$f" ] && cat "$f"
		done
		true
	} | sha256sum | cut -c1-12
}
# GUPNUMA_TEST_BUILD boots another test-kernel build tree.
TEST_BUILD=${GUPNUMA_TEST_BUILD:-$GUPNUMA_CACHE/build/test-$GUPNUMA_KABI-$(test_kernel_key)}
TEST_VMLINUZ=$TEST_BUILD/arch/x86/boot/bzImage
UNPATCHED_BUILD=$GUPNUMA_CACHE/build/unpatched-$GUPNUMA_KABI-$(test_kernel_key unpatched)
DEBUG_BUILD=$GUPNUMA_CACHE/build/debug-$GUPNUMA_KABI-$(test_kernel_key debug)
export CCACHE_DIR=${CCACHE_DIR:-$GUPNUMA_CACHE/ccache}
