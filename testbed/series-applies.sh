#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# series-applies.sh NAME: the patch series of a built row (kernel-patches/BASE/)
# applies, in order and without fuzz, to its base's linux-source; nothing is
# built.  For a series make check keeps but does not build (6.12: the base
# moved to 7.3).  The copy is hard-linked: patch writes new files, so the
# pristine tree stays pristine.
set -euo pipefail
. "$(dirname "$0")/env.sh"
name=${1:?usage: series-applies.sh NAME}
kernel_row "$name" || die "unknown kernel '$name'"
[ "$K_KIND" = built ] && [ "$K_VARIANT" != unpatched ] || die "kernel '$name' has no patch series"
"$GUPNUMA_TOP/testbed/deps.sh"
kernel_row "$name"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gupnuma-series.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -al "$K_SRC/linux" "$tmp/linux"
n=0
for p in "$GUPNUMA_TOP"/kernel-patches/"$K_BASE"/*.patch; do
	out=$(patch -d "$tmp/linux" -p1 -F0 --no-backup-if-mismatch < "$p" 2>&1) ||
		{ echo "$out"; die "kernel-patches/$K_BASE/$(basename "$p") does not apply to $K_RELEASE"; }
	! echo "$out" | grep -q 'offset\|fuzz' ||
		echo "gupnuma: $(basename "$p"): $(echo "$out" | grep -c 'offset') hunks at an offset"
	n=$((n + 1))
done
[ $n -gt 0 ] || die "no patch series in kernel-patches/$K_BASE/"
echo "kernel-patches/$K_BASE: $n patches apply to linux-source $K_RELEASE"
