#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A sparse for kernels that want a newer one than bookworm's: Linux 7.3's
# Makefile runs scripts/checker-valid.sh, which asks for __typeof_unqual__,
# and bookworm's sparse 0.6.4 lacks it.  Debian sid's binary package
# (0.6.5~rc1) needs glibc 2.38, so its source package is built here: fetched
# through a private deb-src list in the cache (the machine's sources stay
# untouched), `make sparse` only.  Prints the binary; a second run builds
# nothing.
set -euo pipefail
. "$(dirname "$0")/env.sh"
VERSION=0.6.5~rc1-2		# Debian sid's, 2026-12
T=$GUPNUMA_CACHE/tools/sparse-$VERSION
if [ -e "$T/.complete" ]; then
	echo "$T/sparse"
	exit 0
fi
L=$GUPNUMA_CACHE/apt/sid-source
mkdir -p "$L/lists/partial"
U=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
     "${U:-http://deb.debian.org/debian} sid main" > "$L/sources.list"
APT=(-o "Dir::Etc::SourceList=$L/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o "Dir::State::Lists=$L/lists" -o "Dir::Cache::pkgcache=$L/pkgcache.bin"
     -o "Dir::Cache::srcpkgcache=$L/srcpkgcache.bin")
log "building sparse $VERSION from Debian sid's source package into $T"
apt-get "${APT[@]}" update -q >/dev/null 2>&1 || die "apt-get update of sid's sources failed"
rm -rf "$T" && mkdir -p "$T/src"
(cd "$T/src" && apt-get "${APT[@]}" source --download-only -q "sparse=$VERSION" 2>&1 >/dev/null |
	{ grep -v 'unsandboxed' >&2 || true; }) || die "sparse $VERSION is not in sid's sources"
tar -C "$T/src" -xf "$T"/src/sparse_*.orig.tar.*
make -s -C "$T"/src/sparse-*/ -j"$(nproc)" sparse HAVE_LIBXML=no HAVE_GTK=no HAVE_LLVM=no \
	HAVE_SQLITE=no >"$T/build.log" 2>&1 || { tail "$T/build.log"; die "building sparse failed"; }
cp "$T"/src/sparse-*/sparse "$T/sparse"
touch "$T/.complete"
echo "$T/sparse"
