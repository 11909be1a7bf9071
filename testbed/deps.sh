#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the project needs, and fetch every kernel of
# testbed/kernels.table into the cache (apt-get download + dpkg-deb -x;
# nothing goes to /boot): a Debian row's image and modules (and headers where
# the module is built against them), a built row's linux-source.  A suite
# other than the machine's goes through a private apt list directory in the
# cache; the machine's own sources stay untouched.
# Idempotent: a second run downloads nothing.
set -euo pipefail
. "$(dirname "$0")/env.sh"

PKGS="busybox-static cpio kmod numactl libnuma-dev flex bison bc
      libelf-dev libssl-dev ccache rsync xz-utils zstd gnuplot-nox dwarves python3 gcc make
      mandoc groff-base sparse trace-cmd lcov"
# Each architecture of testbed/arches.table: its QEMU, and for another than
# the host's, its cross compiler and C library.
for a in $(arch_names); do
	arch_row "$a"
	PKGS="$PKGS $A_QEMUPKG"
	[ -z "$A_CROSS" ] || PKGS="$PKGS gcc-$A_GNU libc6-dev-$A_ARCH-cross"
done
# What a guest program for another architecture links or runs, from Debian's
# packages of that architecture (unpacked into A_SYSROOT, not installed).
# (the guest tests' numactl and trace-cmd, with the libraries they load)
TARGET_PKGS="libnuma-dev libnuma1 busybox-static numactl trace-cmd libtraceevent1 libtracefs1
	     libzstd1 libc6"
# Installed without their recommends: dkms recommends linux-headers-amd64 (the
# running Debian kernel's headers, which dkms would then build for); the test
# bed builds only against the kernels of the cache (testbed/dkms-build.sh).
PKGS_NORECOMMENDS="dkms"

# missing PKG...: the packages not installed.
missing() {
	dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null | awk '$1 != "ii" {print $2}'
	for p in "$@"; do
		dpkg-query -W "$p" >/dev/null 2>&1 || echo "$p"
	done
}
stamp=$GUPNUMA_CACHE/.deps-$(echo "$PKGS $PKGS_NORECOMMENDS" | md5sum | cut -c1-8)
if [ ! -e "$stamp" ]; then
	m1=$(missing $PKGS) m2=$(missing $PKGS_NORECOMMENDS)
	if [ -n "$m1$m2" ]; then
		log "installing: $(echo $m1 $m2 | tr '\n' ' ')"
		[ "$(id -u)" = 0 ] || die "need root to apt-get install: $m1 $m2"
		apt-get update -q >/dev/null
		[ -z "$m1" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q $m1 >/dev/null
		[ -z "$m2" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $m2 >/dev/null
	fi
	mkdir -p "$GUPNUMA_CACHE" && touch "$stamp"
fi

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
# apt_for SUITE ARCH: the options of apt-get/apt-cache for SUITE: none for the
# machine's own, else a private list directory (and package cache: the
# machine's pkgcache.bin must not learn another release's packages).
# The machine's own suite for another architecture uses copies of the
# machine's sources (its updates and security suites included); the host's
# architecture is listed too, for the packages that run on the host
# (linux-kbuild, Multi-Arch: foreign).
apt_for() {
	local L U
	APT=()
	[ "$1" != "$codename" ] || [ "$2" != "$HOST_ARCH" ] || return 0
	L=$GUPNUMA_CACHE/apt/$1-$2
	mkdir -p "$L/lists/partial" "$L/parts"
	if [ "$1" = "$codename" ]; then
		: > "$L/sources.list"
		cp /etc/apt/sources.list "$L/sources.list" 2>/dev/null || true
		cp /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list "$L/parts/" 2>/dev/null || true
	else
		U=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		     "${U:-http://deb.debian.org/debian} $1 main" > "$L/sources.list"
	fi
	APT=(-o "Dir::Etc::SourceList=$L/sources.list" -o "Dir::Etc::SourceParts=$L/parts"
	     -o "Dir::State::Lists=$L/lists" -o "Dir::Cache::pkgcache=$L/pkgcache.bin"
	     -o "Dir::Cache::srcpkgcache=$L/srcpkgcache.bin" -o "APT::Architectures::=$2"
	     -o "APT::Architectures::=$HOST_ARCH" -o "APT::Architecture=$2")
	# (apt-cache also reads dpkg's status: a package installed on the host
	# is "found" before the lists exist)
	ls "$L/lists/"*_Packages >/dev/null 2>&1 ||
		apt-get "${APT[@]}" update -q 2>&1 >/dev/null | { grep -v 'unsandboxed' >&2 || true; }
}
# apt_version PKG: its version in the suite of APT (updating the lists once
# if it is not there), or nothing.
apt_version() {
	apt-cache "${APT[@]}" show "$1" >/dev/null 2>&1 ||
		apt-get "${APT[@]}" update -q 2>&1 >/dev/null | { grep -v 'unsandboxed' >&2 || true; }
	apt-cache "${APT[@]}" show "$1" 2>/dev/null | awk '/^Version:/ {print $2; exit}' || true
}
# download DIR PKG[=VER]...: into DIR, once.
download() {
	local dir=$1
	shift
	[ ! -e "$dir/.complete" ] || return 0
	log "downloading $* into $dir"
	rm -rf "$dir" && mkdir -p "$dir"
	# apt warns that it downloads "unsandboxed" as root: harmless, not shown.
	(cd "$dir" && apt-get "${APT[@]}" download -q "$@" 2>&1 >/dev/null |
		{ grep -v 'unsandboxed' >&2 || true; })
	touch "$dir/.complete"
}

# unpack_headers ROOT KDIR: Debian's headers usable where they are: the
# headers package links scripts/tools into the kbuild package via absolute
# /usr/... paths, and its Makefile includes the -common one by an absolute
# path; both are rewritten into ROOT.
unpack_headers() {
	local root=$1 kdir=$2 l t
	find "$root/usr/src" "$root/usr/lib" -maxdepth 3 -type l 2>/dev/null | while read -r l; do
		t=$(readlink "$l")
		case "$t" in /usr/*) ln -sfn "$root$t" "$l" ;; esac
	done
	sed -i "s|^include /usr/|include $root/usr/|" "$kdir/Makefile"
	ln -sfn "$kdir" "$root/lib/modules/$K_KREL/build"
}

# A Debian row for one architecture: its image (and modules), and its
# headers where wanted.
fetch_debian() {
	local name=$1 root debs pkgs ver h deps
	kernel_row "$name" "$2"
	root=$(kernel_root "$name" "$2")
	debs=$GUPNUMA_CACHE/debs/$K_KREL
	[ ! -e "$root/.complete" ] || return 0
	apt_for "$K_SUITE" "$K_ARCH"
	case $K_PACKAGING in
	image) pkgs=("linux-image-$K_KREL-unsigned") ;;
	binary) pkgs=("linux-binary-unsigned-$K_KREL" "linux-modules-$K_KREL") ;;
	esac
	if [ "$K_HEADERS" = yes ]; then
		# the headers and the exact -common and kbuild packages they depend on
		h=linux-headers-$K_KREL
		ver=$(apt_version "$h")
		[ -n "$ver" ] || die "$h is not offered by $K_SUITE (kernel $name, testbed/kernels.table)"
		# (the kbuild one is unversioned in 6.12's: the same source version)
		deps=$(apt-cache "${APT[@]}" show "$h=$ver" | awk -F': ' '/^Depends:/ {print $2; exit}' |
		       tr ',' '\n' | sed -n 's/^ *\(linux-\(headers\|kbuild\)-[^ ]*\).*$/\1='"$ver"'/p' |
		       sed "s/^\(linux-kbuild-[^=]*\)=/\1:$HOST_ARCH=/")
		pkgs+=("$h=$ver" $deps)
	fi
	for p in "${pkgs[@]}"; do
		p=${p%%=*}
		[ -n "$(apt_version "${p%%:*}")" ] ||
			die "$p is not offered by $K_SUITE for $K_ARCH (kernel $name, testbed/kernels.table)"
	done
	download "$debs" "${pkgs[@]}"
	log "unpacking kernel $name ($K_KREL) into $root"
	rm -rf "$root" && mkdir -p "$root"
	for f in "$debs"/*.deb; do
		dpkg-deb -x "$f" "$root"
	done
	[ "$K_HEADERS" != yes ] || unpack_headers "$root" "$root/usr/src/linux-headers-$K_KREL"
	case $K_PACKAGING in
	image) depmod -b "$root" "$K_KREL" ;;
	binary) depmod -b "$root/usr" "$K_KREL" 2>&1 | { grep -v "could not open modules" >&2 || true; } ;;
	esac
	touch "$root/.complete"
}

# A built row's base: linux-source-BASE, the version of its release.
fetch_source() {
	local name=$1 src debs ver upstream
	kernel_row "$name"
	src=$K_SRC
	[ ! -e "$src/.complete" ] || return 0
	apt_for "$K_SUITE" "$(dpkg --print-architecture)"
	upstream=${K_RELEASE%%+*}
	apt_version "linux-source-$K_BASE" >/dev/null
	ver=$(apt-cache "${APT[@]}" show "linux-source-$K_BASE" 2>/dev/null |
	      awk -v u="$upstream" '/^Version:/ && index($2, u "-") == 1 {print $2; exit}')
	[ -n "$ver" ] || die "linux-source-$K_BASE $upstream is not offered by $K_SUITE (kernel $name)"
	debs=$GUPNUMA_CACHE/debs/linux-source-$K_BASE-$ver
	download "$debs" "linux-source-$K_BASE=$ver"
	log "unpacking linux-source-$K_BASE $ver into $src"
	rm -rf "$src" && mkdir -p "$src/deb"
	dpkg-deb -x "$debs"/linux-source-*.deb "$src/deb"
	tar -C "$src" -xf "$src"/deb/usr/src/linux-source-*.tar.*
	mv "$src"/linux-source-* "$src/linux"
	rm -rf "$src/deb"
	echo "$ver" > "$src/.version"
	touch "$src/.complete"
}

# Another architecture's userspace packages (libnuma, busybox) into its sysroot.
fetch_sysroot() {
	local key
	arch_row "$1"
	[ -n "$A_SYSROOT" ] || return 0
	key=$(echo $TARGET_PKGS | md5sum | cut -c1-8)
	[ "$(cat "$A_SYSROOT/.complete" 2>/dev/null)" != "$key" ] || return 0
	apt_for "$codename" "$1"
	download "$GUPNUMA_CACHE/debs/sysroot-$1-$key" $(for p in $TARGET_PKGS; do echo "$p:$1"; done)
	rm -rf "$A_SYSROOT" && mkdir -p "$A_SYSROOT"
	for f in "$GUPNUMA_CACHE/debs/sysroot-$1-$key"/*.deb; do
		dpkg-deb -x "$f" "$A_SYSROOT"
	done
	echo "$key" > "$A_SYSROOT/.complete"
}

for a in $(arch_names); do
	fetch_sysroot "$a"
	for k in $(kernel_names debian "$a"); do
		fetch_debian "$k" "$a"
	done
done
for k in $(kernel_names built); do
	fetch_source "$k"
done
# sparse for the kernels whose Makefile wants a newer one than bookworm's (7.3)
"$GUPNUMA_TOP/testbed/build-sparse.sh" >/dev/null
