# SPDX-License-Identifier: GPL-2.0
# Common settings of the gupnuma test bed, sourced by every testbed script.
#
# The kernels are rows of testbed/kernels.table, the one place that pins a
# Linux version: kernel_row NAME reads one, kernel_names lists them.

# Caches live outside the repository; a second run downloads and rebuilds nothing.
GUPNUMA_CACHE=${GUPNUMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupnuma}
GUPNUMA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KERNELS_TABLE=$GUPNUMA_TOP/testbed/kernels.table
ARCHES_TABLE=$GUPNUMA_TOP/testbed/arches.table
# The host's architecture, and the one the bed boots (make run ARCH=arm64,
# run.sh --arch): a row of testbed/arches.table.
HOST_ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
GUPNUMA_ARCH=${GUPNUMA_ARCH:-$HOST_ARCH}

die() { echo "gupnuma: $*" >&2; exit 2; }
log() { echo "gupnuma: $*" >&2; }

# arch_names: the architectures of testbed/arches.table.
arch_names() {
	awk '!/^#/ && NF { print $1 }' "$ARCHES_TABLE"
}

# arch_row ARCH: the row's columns into A_ARCH A_KARCH A_GNU A_QEMU A_QEMUPKG
# A_MACHINE A_CPU A_SOCKETS A_CONSOLE A_TAPDEV A_TAP A_KVMMOD A_IMAGE
# A_KVMSMOKE A_NODEMEM, and
# A_CROSS: the CROSS_COMPILE prefix (empty on the host's own architecture),
# A_CC its gcc, A_SYSROOT where its Debian userspace packages are unpacked
# (libnuma, busybox; empty on the host's own: they are installed).
# Returns 1 for an unknown ARCH.
arch_row() {
	local line
	line=$(awk -v a="$1" '!/^#/ && $1 == a' "$ARCHES_TABLE")
	[ -n "$line" ] || return 1
	read -r A_ARCH A_KARCH A_GNU A_QEMU A_QEMUPKG A_MACHINE A_CPU A_SOCKETS A_CONSOLE A_TAPDEV \
		A_TAP A_KVMMOD A_IMAGE A_KVMSMOKE A_NODEMEM <<<"$line"
	A_CROSS="" A_SYSROOT=""
	[ "$A_ARCH" = "$HOST_ARCH" ] || { A_CROSS=$A_GNU-; A_SYSROOT=$GUPNUMA_CACHE/sysroot/$A_ARCH; }
	A_CC=${A_CROSS}gcc
}

# check_arch ARCH: one line and exit status 2 for an architecture the bed
# does not know.
check_arch() {
	arch_row "$1" || die "unknown architecture '$1': use one of $(echo $(arch_names))"
}

# arch_out ARCH: where the builds for ARCH go: out/ for the host's own
# architecture, out/ARCH/ for another (cross-built).
arch_out() {
	echo "$GUPNUMA_TOP/out$(arch_suffix "$1" /)"
}
# arch_suffix ARCH [SEP]: "" for the host's architecture, SEP (default -)
# followed by ARCH for another: the suffix of its build and cache paths.
arch_suffix() {
	[ "$1" = "$HOST_ARCH" ] || echo "${2:--}$1"
}

# userspace_make ARCH: make's variables that build userspace/ (and the guest
# programs) for ARCH: CC, OUT and TARGET_FLAGS (another architecture's
# libnuma, from its sysroot), one per line.
userspace_make() {
	arch_row "$1" || return 1
	echo "CC=$A_CC"
	echo "OUT=$(arch_out "$1")/userspace"
	[ -z "$A_SYSROOT" ] ||
		echo "TARGET_FLAGS=-isystem $A_SYSROOT/usr/include -L$A_SYSROOT/usr/lib/$A_GNU"
}

# kernel_names [KIND] [ARCH]: the names of the table's rows (of KIND: debian,
# built; - for any) that exist for ARCH (default: every row).
kernel_names() {
	awk -v k="${1:-}" -v a="${2:-}" '!/^#/ && NF && (k == "" || k == "-" || $2 == k) &&
		(a == "" || index("," $3 ",", "," a ",")) { print $1 }' "$KERNELS_TABLE"
}

# kernel_row NAME [ARCH]: the row's columns into K_NAME K_KIND K_ARCHES (the
# architectures it exists for) K_RELEASE K_SUITE K_PACKAGING K_HEADERS K_BASE
# K_VARIANT K_POLICY, its architecture K_ARCH (ARCH, default $GUPNUMA_ARCH),
# and what follows from them: K_KREL (the kernel release of a Debian image),
# K_SRC (the unpacked linux-source of a built row's base).  Returns 1 for an
# unknown NAME, 2 for a row without that architecture.
kernel_row() {
	local line
	line=$(awk -v n="$1" '!/^#/ && $1 == n' "$KERNELS_TABLE")
	[ -n "$line" ] || return 1
	read -r K_NAME K_KIND K_ARCHES K_RELEASE K_SUITE K_PACKAGING K_HEADERS K_BASE K_VARIANT \
		K_POLICY <<<"$line"
	K_ARCH=${2:-$GUPNUMA_ARCH}
	K_KREL=$K_RELEASE-$K_ARCH
	K_SRC=$GUPNUMA_CACHE/src/$K_BASE-$K_RELEASE
	case ",$K_ARCHES," in *",$K_ARCH,"*) ;; *) return 2 ;; esac
}

# need_kernel NAME [ARCH]: kernel_row, or one line and exit status 2 for an
# unknown name or a row without that architecture.
need_kernel() {
	local rc=0
	kernel_row "$@" || rc=$?
	[ $rc != 1 ] || die "unknown kernel '$1': use one of $(kernel_names - "$K_ARCH" | tr '\n' ' ')"
	[ $rc != 2 ] || die "kernel '$1' has no $K_ARCH row (testbed/kernels.table: $K_ARCHES)"
}

# kernel_root NAME [ARCH]: where a Debian row's packages are unpacked.
kernel_root() {
	need_kernel "$@"
	echo "$GUPNUMA_CACHE/kernels/$K_KREL"
}

# The linux-source tree whose tools (checkpatch, kunit.py, the selftests'
# harness and KVM library) the bed uses: the test kernel's base.
kernel_row test "$HOST_ARCH" || die "testbed/kernels.table has no $HOST_ARCH 'test' row"
SRC_ROOT=$K_SRC

# built_kernel_key NAME [ARCH]: a built kernel's tree is keyed by its
# release, variant, architecture, config fragments, patches and the build
# script's code (not its comments), so that an unchanged kernel is never
# rebuilt.
built_kernel_key() {
	local f patches=() frags=()
	need_kernel "$@"
	[ "$K_VARIANT" = unpatched ] || patches=("$GUPNUMA_TOP"/kernel-patches/"$K_BASE"/*.patch)
	[ "$K_VARIANT" != debug ] || frags=("$GUPNUMA_TOP/testbed/debug-kernel.config")
	{
		echo "$K_RELEASE $K_BASE $K_VARIANT $K_ARCH"
		for f in "$GUPNUMA_TOP/testbed/test-kernel.config" \
			 "$GUPNUMA_TOP/testbed/kernel-config/$K_ARCH.config" \
			 "$GUPNUMA_TOP/testbed/kernel-config/$K_BASE.config" \
			 "${patches[@]}" "${frags[@]}"; do
			[ -e "$f" ] && cat "$f"
		done
		grep -v '^[[:space:]]*#' "$GUPNUMA_TOP/testbed/build-kernel.sh"
		true
	} | sha256sum | cut -c1-12
}

# built_kernel_dir NAME [ARCH]: its build tree, out/ of its own copy of the
# source (GUPNUMA_KERNEL_BUILD=NAME:DIR boots the build DIR in place of the
# host's NAME kernel: testbed/mutants.sh's kernels with a mutant).
built_kernel_dir() {
	if [ -n "${GUPNUMA_KERNEL_BUILD:-}" ] && [ "$1" = "${GUPNUMA_KERNEL_BUILD%%:*}" ] &&
	   [ "${2:-$GUPNUMA_ARCH}" = "$HOST_ARCH" ]; then
		echo "${GUPNUMA_KERNEL_BUILD#*:}"
		return
	fi
	local key
	need_kernel "$@"
	key=$(built_kernel_key "$@")
	echo "$GUPNUMA_CACHE/build/$1-$K_RELEASE$(arch_suffix "$K_ARCH")-$key/out"
}
export CCACHE_DIR=${CCACHE_DIR:-$GUPNUMA_CACHE/ccache}
# Paths relative to the build tree: a rebuild in a new tree (new patches)
# finds the objects of the old one.  (A built kernel's paths are relative
# already: testbed/build-kernel.sh.)
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$GUPNUMA_CACHE/build}
# cache_tree NAME OUT: CACHE_TREE, an emptied directory of the cache for an
# out-of-tree module build (build-module.sh, sparse.sh, dkms-build.sh): its
# path is the same from every clone, so that ccache finds the objects of
# the last clone (kbuild before 6.13 puts the module's absolute path in
# each command line).  Locked until the caller exits (fd 9), and copied to
# OUT then, failed or not.  Compile with PATH=$GUPNUMA_CCACHE_BIN:$PATH
# (kbuild's own compiler name, through ccache).
GUPNUMA_CCACHE_BIN=/usr/lib/ccache
cache_tree() {
	CACHE_TREE=$GUPNUMA_CACHE/build/tree/$1
	mkdir -p "$(dirname "$CACHE_TREE")" "$2"
	exec 9>"$CACHE_TREE.lock"
	flock -w 900 9 || die "$CACHE_TREE is locked by another build for 15 min"
	rm -rf "$CACHE_TREE"
	mkdir -p "$CACHE_TREE"
	# shellcheck disable=SC2064
	trap "rsync -a --delete '$CACHE_TREE/' '$2/'" EXIT
}
# The module's sources, as an rsync filter over the top of the tree.
MODULE_SOURCES=(--exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' --exclude '*.mod*'
		--include 'Kbuild' --include 'mm/***' --include 'include/***' --include 'kunit/***'
		--exclude '*')

# kvm_arch_dir SRC [ARCH]: the directory of ARCH's KVM selftests in a
# linux-source tree: the kernel's ARCH name (x86, arm64) since 6.14, the
# GNU one before (x86_64, aarch64); read from the tree, not its version.
kvm_arch_dir() {
	arch_row "${2:-$HOST_ARCH}" || return 1
	if [ -d "$1/tools/testing/selftests/kvm/$A_KARCH" ]; then echo "$A_KARCH"; else echo "${A_GNU%%-*}"; fi
}
