# SPDX-License-Identifier: GPL-2.0
# Common settings of the gupnuma test bed, sourced by every testbed script.
#
# The kernels are rows of testbed/kernels.table, the one place that pins a
# Linux version: kernel_row NAME reads one, kernel_names lists them.

# Caches live outside the repository; a second run downloads and rebuilds nothing.
GUPNUMA_CACHE=${GUPNUMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupnuma}
GUPNUMA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KERNELS_TABLE=$GUPNUMA_TOP/testbed/kernels.table

die() { echo "gupnuma: $*" >&2; exit 2; }
log() { echo "gupnuma: $*" >&2; }

# kernel_names [KIND]: the names of the table's rows (of KIND: debian, built).
kernel_names() {
	awk -v k="${1:-}" '!/^#/ && NF && (k == "" || $2 == k) { print $1 }' "$KERNELS_TABLE"
}

# kernel_row NAME: the row's columns into K_NAME K_KIND K_ARCH K_RELEASE
# K_SUITE K_PACKAGING K_HEADERS K_BASE K_VARIANT K_POLICY, and what follows
# from them: K_KREL (the kernel release of a Debian image), K_SRC (the
# unpacked linux-source of a built row's base).  Returns 1 for an unknown NAME.
kernel_row() {
	local line
	line=$(awk -v n="$1" '!/^#/ && $1 == n' "$KERNELS_TABLE")
	[ -n "$line" ] || return 1
	read -r K_NAME K_KIND K_ARCH K_RELEASE K_SUITE K_PACKAGING K_HEADERS K_BASE K_VARIANT \
		K_POLICY <<<"$line"
	K_KREL=$K_RELEASE-$K_ARCH
	K_SRC=$GUPNUMA_CACHE/src/$K_BASE-$K_RELEASE
}

# kernel_root NAME: where a Debian row's packages are unpacked.
kernel_root() {
	kernel_row "$1" || die "unknown kernel '$1'"
	echo "$GUPNUMA_CACHE/kernels/$K_KREL"
}

# The linux-source tree whose tools (checkpatch, kunit.py, the selftests'
# harness and KVM library) the bed uses: the test kernel's base.
kernel_row test || die "testbed/kernels.table has no 'test' row"
SRC_ROOT=$K_SRC

# built_kernel_key NAME: a built kernel's tree is keyed by its release,
# variant, config fragments, patches and the build script, so that an
# unchanged kernel is never rebuilt.
built_kernel_key() {
	local f patches=() frags=()
	kernel_row "$1" || die "unknown kernel '$1'"
	[ "$K_VARIANT" = unpatched ] || patches=("$GUPNUMA_TOP"/kernel-patches/"$K_BASE"/*.patch)
	[ "$K_VARIANT" != debug ] || frags=("$GUPNUMA_TOP/testbed/debug-kernel.config")
	{
		echo "$K_RELEASE $K_BASE $K_VARIANT"
		for f in "$GUPNUMA_TOP/testbed/test-kernel.config" \
			 "$GUPNUMA_TOP/testbed/kernel-config/$K_BASE.config" \
			 "$GUPNUMA_TOP/testbed/build-kernel.sh" "${patches[@]}" "${frags[@]}"; do
			[ -e "$f" ] && cat "$f"
		done
		true
	} | sha256sum | cut -c1-12
}

# built_kernel_dir NAME: its build tree (GUPNUMA_TEST_BUILD overrides the
# test kernel's, to boot another build).
built_kernel_dir() {
	if [ "$1" = test ] && [ -n "${GUPNUMA_TEST_BUILD:-}" ]; then
		echo "$GUPNUMA_TEST_BUILD"
		return
	fi
	local key
	kernel_row "$1" || die "unknown kernel '$1'"
	key=$(built_kernel_key "$1")
	echo "$GUPNUMA_CACHE/build/$1-$K_RELEASE-$key"
}
export CCACHE_DIR=${CCACHE_DIR:-$GUPNUMA_CACHE/ccache}
# Paths relative to the build tree: a rebuild in a new tree (new patches)
# finds the objects of the old one.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$GUPNUMA_CACHE/build}

# kvm_arch_dir SRC: the directory of the x86 KVM selftests in a linux-source
# tree (x86_64/ until 6.13, x86/ after; read from the tree, not its version).
kvm_arch_dir() {
	if [ -d "$1/tools/testing/selftests/kvm/x86" ]; then echo x86; else echo x86_64; fi
}
