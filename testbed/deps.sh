#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the project needs and fetch the pinned Linux 6.12
# packages and the reference kernels' images into the cache (apt-get download +
# dpkg-deb -x; nothing goes to /boot).
# Idempotent: a second run downloads nothing.
set -euo pipefail
. "$(dirname "$0")/env.sh"

PKGS="qemu-system-x86 busybox-static cpio kmod numactl libnuma-dev flex bison bc
      libelf-dev libssl-dev ccache rsync xz-utils zstd gnuplot-nox dwarves python3 gcc make
      mandoc groff-base sparse trace-cmd"
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

# Pinned kernel packages.
srcver=""
want="linux-image-$KREL-unsigned linux-headers-$KREL linux-headers-$GUPNUMA_KABI-common
      linux-kbuild-$GUPNUMA_KABI"
mkdir -p "$DEB_DIR"
if [ ! -e "$DEB_DIR/.complete" ]; then
	apt-cache show "linux-headers-$GUPNUMA_KABI-common" >/dev/null 2>&1 || apt-get update -q >/dev/null
	srcver=$(apt-cache show "linux-headers-$GUPNUMA_KABI-common" 2>/dev/null |
		 awk '/^Version:/ {print $2; exit}')
	[ -n "$srcver" ] || die "kernel $GUPNUMA_KABI is not offered by apt (apt-cache search linux-image-6.12)"
	srcpkg=linux-source-${GUPNUMA_KABI%%.*}.$(echo "$GUPNUMA_KABI" | cut -d. -f2)
	log "downloading Linux $GUPNUMA_KABI packages (source $srcver) into $DEB_DIR"
	# apt warns that it downloads "unsandboxed" as root: harmless, not shown.
	(cd "$DEB_DIR" && apt-get download -q $want "$srcpkg=$srcver" 2>&1 >/dev/null |
		{ grep -v 'unsandboxed' >&2 || true; })
	echo "$srcver" > "$DEB_DIR/.srcver"
	touch "$DEB_DIR/.complete"
fi

# unpack_headers ROOT KDIR DEB...: Debian kernel packages into ROOT, with the
# headers usable where they are: the headers package links scripts/tools into
# the kbuild package via absolute /usr/... paths, and its Makefile includes
# the -common one by an absolute path; both are rewritten into ROOT.
unpack_headers() {
	local root=$1 kdir=$2 f l t
	shift 2
	rm -rf "$root" && mkdir -p "$root"
	for f in "$@"; do
		dpkg-deb -x "$f" "$root"
	done
	find "$root/usr/src" "$root/usr/lib" -maxdepth 3 -type l 2>/dev/null | while read -r l; do
		t=$(readlink "$l")
		case "$t" in /usr/*) ln -sfn "$root$t" "$l" ;; esac
	done
	sed -i "s|^include /usr/|include $root/usr/|" "$kdir/Makefile"
}

if [ ! -e "$STOCK_ROOT/.complete" ]; then
	log "unpacking stock kernel into $STOCK_ROOT"
	unpack_headers "$STOCK_ROOT" "$STOCK_KDIR" "$DEB_DIR"/linux-image-*.deb \
		"$DEB_DIR"/linux-headers-*.deb "$DEB_DIR"/linux-kbuild-*.deb
	# lib/modules/$KREL/build points into /usr/src
	ln -sfn "$STOCK_KDIR" "$STOCK_MODDIR/build"
	depmod -b "$STOCK_ROOT" "$KREL"
	touch "$STOCK_ROOT/.complete"
fi

if [ ! -e "$SRC_ROOT/.complete" ]; then
	log "unpacking linux-source into $SRC_ROOT"
	rm -rf "$SRC_ROOT" && mkdir -p "$SRC_ROOT/deb"
	dpkg-deb -x "$DEB_DIR"/linux-source-*.deb "$SRC_ROOT/deb"
	tar -C "$SRC_ROOT" -xf "$SRC_ROOT"/deb/usr/src/linux-source-*.tar.*
	mv "$SRC_ROOT"/linux-source-* "$SRC_ROOT/linux"
	rm -rf "$SRC_ROOT/deb"
	touch "$SRC_ROOT/.complete"
fi

# Reference kernels (env.sh): the image package only.  A suite other than the
# machine's own goes through a private apt list directory kept in the cache (so
# a second run fetches no lists either); the machine's sources stay untouched.
# Its package cache is private too: the machine's pkgcache.bin must not learn
# another release's packages.
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
for ref in $GUPNUMA_REF_KERNELS; do
	abi=${ref%%:*} suite=${ref#*:}
	pkg=linux-image-$abi-$GUPNUMA_FLAVOUR-unsigned
	debs=$GUPNUMA_CACHE/debs/$abi root=$GUPNUMA_CACHE/ref/$abi
	if [ ! -e "$debs/.complete" ]; then
		apt=()
		if [ "$suite" != "$codename" ]; then
			L=$GUPNUMA_CACHE/apt/$suite
			mkdir -p "$L/lists/partial"
			U=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
			echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
			     "${U:-http://deb.debian.org/debian} $suite main" > "$L/sources.list"
			apt=(-o "Dir::Etc::SourceList=$L/sources.list" -o Dir::Etc::SourceParts=/dev/null
			     -o "Dir::State::Lists=$L/lists" -o "Dir::Cache::pkgcache=$L/pkgcache.bin"
			     -o "Dir::Cache::srcpkgcache=$L/srcpkgcache.bin")
		fi
		apt-cache "${apt[@]}" show "$pkg" >/dev/null 2>&1 ||
			apt-get "${apt[@]}" update -q 2>&1 >/dev/null | { grep -v 'unsandboxed' >&2 || true; }
		apt-cache "${apt[@]}" show "$pkg" >/dev/null 2>&1 ||
			die "$pkg is not offered by $suite (apt-cache search linux-image-${abi%.*})"
		log "downloading $pkg ($suite) into $debs"
		rm -rf "$debs" && mkdir -p "$debs"
		(cd "$debs" && apt-get "${apt[@]}" download -q "$pkg" 2>&1 >/dev/null |
			{ grep -v 'unsandboxed' >&2 || true; })
		touch "$debs/.complete"
	fi
	if [ ! -e "$root/.complete" ]; then
		log "unpacking reference kernel $abi into $root"
		rm -rf "$root" && mkdir -p "$root"
		dpkg-deb -x "$debs/${pkg}_"*.deb "$root"
		depmod -b "$root" "$abi-$GUPNUMA_FLAVOUR"
		touch "$root/.complete"
	fi
done

# Debian 12's 6.1 headers: the module builds (and loads, in the bed) on the
# 6.1 LTS as well (include/gupnuma/compat.h).  Same suite as the machine's.
debs=$GUPNUMA_CACHE/debs/$GUPNUMA_REF61_KABI-headers
if [ ! -e "$debs/.complete" ]; then
	h=linux-headers-$GUPNUMA_REF61_KABI-$GUPNUMA_FLAVOUR
	apt-cache show "$h" >/dev/null 2>&1 || apt-get update -q >/dev/null
	ver=$(apt-cache show "$h" 2>/dev/null | awk '/^Version:/ {print $2; exit}')
	[ -n "$ver" ] || die "$h is not offered by apt"
	log "downloading $h ($ver) into $debs"
	rm -rf "$debs" && mkdir -p "$debs"
	(cd "$debs" && apt-get download -q "$h" "linux-headers-$GUPNUMA_REF61_KABI-common" \
		"linux-kbuild-$(echo "$ver" | cut -d. -f1,2)=$ver" 2>&1 >/dev/null |
		{ grep -v 'unsandboxed' >&2 || true; })
	touch "$debs/.complete"
fi
if [ ! -e "$REF61_HDR_ROOT/.complete" ]; then
	log "unpacking the 6.1 headers into $REF61_HDR_ROOT"
	unpack_headers "$REF61_HDR_ROOT" "$REF61_KDIR" "$debs"/*.deb
	touch "$REF61_HDR_ROOT/.complete"
fi
