#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# sparse (make C=2: every source file, built or not) over the module against
# one of the test bed's kernels, in its own copy (as build-module.sh
# does).  Fails on any warning or error, and when sparse did
# not check every object of the module.
#   testbed/sparse.sh [stock|test]     (default stock; test adds the KUnit suites)
# Against 7.3 it uses testbed/build-sparse.sh's sparse (bookworm's is too old).
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$GUPNUMA_TOP/testbed/kernels.sh"
k=${1:-stock}
select_kernel "$k"
[ -e "$KERNEL_KDIR/Makefile" ] || die "no kernel build tree at $KERNEL_KDIR (make deps / make test-kernel)"
command -v sparse >/dev/null || die "no sparse (make deps)"
# The kernel's own test of its checker (7.3: __typeof_unqual__); bookworm's
# sparse fails it, testbed/build-sparse.sh's (Debian sid's source) passes.
SPARSE=sparse what="sparse $(sparse --version)"
valid=$KERNEL_KDIR/source/scripts/checker-valid.sh
if [ -e "$valid" ] && [ "$(sh "$valid" sparse)" != 1 ]; then
	SPARSE=$("$GUPNUMA_TOP/testbed/build-sparse.sh")
	what="$(basename "$(dirname "$SPARSE")") (Debian sid's source, testbed/build-sparse.sh)"
	[ "$(sh "$valid" "$SPARSE")" = 1 ] || die "$SPARSE fails $valid"
fi

# A fresh copy each time (env.sh: cache_tree): the objects counted below
# are this build's.  Copied to out/sparse-KERNEL/.
cache_tree "sparse-$k" "$GUPNUMA_TOP/out/sparse-$k"
M=$CACHE_TREE
L=$GUPNUMA_TOP/out/sparse-$k/sparse.log
rsync -r "${MODULE_SOURCES[@]}" "$GUPNUMA_TOP/" "$M/"
log "$what over the module against the $k kernel ($L)"
# Not the caller's MAKEFLAGS: make -s would hide the CHECK lines counted below.
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	PATH=$GUPNUMA_CCACHE_BIN:$PATH nice -n 19 make -j1 -C "$KERNEL_KDIR" M="$M" C=2 CHECK="$SPARSE" modules >"$M/sparse.log" 2>&1; then
	grep -E 'error|warning' "$M/sparse.log" | head -20 >&2
	die "the module build with sparse against the $k kernel failed (see $L)"
fi
checked=$(grep -c '^  CHECK ' "$M/sparse.log" || true)
objects=$(find "$M" -name '*.o' ! -name '*.mod.o' ! -name 'gupnuma.o' ! -name 'gupnuma_kunit.o' \
	  ! -name '.module-common.o' | wc -l)
echo "sparse checked $checked files ($objects objects)"
[ "$checked" -ge "$objects" ] && [ "$objects" -gt 0 ] ||
	die "sparse checked $checked files, the module has $objects objects"
if grep -qE '(warning|error):' "$M/sparse.log"; then
	grep -vE '^  (CC|CHECK|LD|MODPOST|BTF) |^make' "$M/sparse.log" >&2
	die "sparse reports $(grep -cE '(warning|error):' "$M/sparse.log") warnings/errors against the $k kernel"
fi
