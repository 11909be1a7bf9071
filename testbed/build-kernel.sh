#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build one of the bed's own kernels (a "built" row of testbed/kernels.table)
# from Debian's linux-source of its base: allnoconfig + testbed/test-kernel.config
# + testbed/kernel-config/ARCH.config + testbed/kernel-config/BASE.config
# (+ kernel-patches/BASE/*.patch, in order), for the host's architecture or,
# with --arch, another the row has (cross-built: testbed/arches.table).
# Each kernel gets a private copy of the source (hard links; patch breaks
# them) in the cache, and builds into its subdirectory out/: kbuild then names
# every path relative to it (srctree ..), so that ccache finds the objects of
# one kernel for another.  The unpatched kernel starts from a copy of the
# test kernel's tree (below).  A tree whose key is unchanged is reused as it
# is.  Prints the build tree.
#   build-kernel.sh [--arch ARCH] [NAME]     (default test)
#     variant test:      the patch series, KUnit
#     variant unpatched: without the series and the fragment's
#                        CONFIG_PROTNONE_HOOK (the cost baseline)
#     variant debug:     the test kernel plus testbed/debug-kernel.config
#                        (KASAN, lockdep, kmemleak, UBSAN, DEBUG_LIST,
#                        DEBUG_OBJECTS_RCU_HEAD)
set -euo pipefail
. "$(dirname "$0")/env.sh"

arch=$HOST_ARCH
[ "${1:-}" != --arch ] || { arch=${2:-}; shift 2; }
check_arch "$arch"
name=${1:-test}
need_kernel "$name" "$arch"
[ "$K_KIND" = built ] || die "kernel '$name' is Debian's image, not built here (use one of $(kernel_names built "$arch" | tr '\n' ' '))"
B=$(built_kernel_dir "$name" "$arch")
# one build of a tree at a time (make check and make mutants both build
# kernels): a second waits, then finds the first's
if [ "$(dirname "$(dirname "$B")")" = "$GUPNUMA_CACHE/build" ]; then
	mkdir -p "$GUPNUMA_CACHE/build"
	exec 7>"$(dirname "$B").lock"
	flock 7
fi
if [ -e "$B/.complete" ]; then
	echo "$B"
	exit 0
fi
"$GUPNUMA_TOP/testbed/deps.sh"
kernel_row "$name" "$arch"
arch_row "$arch"
KMAKE=(ARCH="$A_KARCH")
[ -z "$A_CROSS" ] || KMAKE+=(CROSS_COMPILE="$A_CROSS")

patches=""
[ "$K_VARIANT" = unpatched ] || patches=$(ls "$GUPNUMA_TOP"/kernel-patches/"$K_BASE"/*.patch)
[ "$K_VARIANT" = unpatched ] || [ -n "$patches" ] || die "no patch series in kernel-patches/$K_BASE/"
SRC=$(dirname "$B")
[ "$(basename "$B")" = out ] && [ "$(dirname "$SRC")" = "$GUPNUMA_CACHE/build" ] ||
	die "$B is not a complete build tree (GUPNUMA_TEST_BUILD?), and not one of the cache's to build"
# The unpatched kernel is the test kernel of its base and architecture, with
# the files of the series put back: kbuild starts from a copy of the test
# kernel's tree, and rebuilds what depends on those files or on the config
# symbols the series adds, and links (objtool: below).
test_tree=""
if [ "$K_VARIANT" = unpatched ]; then
	base=$K_BASE
	for t in $(kernel_names built "$arch"); do
		kernel_row "$t" "$arch"
		[ "$K_VARIANT" = test ] && [ "$K_BASE" = "$base" ] || continue
		test_tree=$("$GUPNUMA_TOP/testbed/build-kernel.sh" --arch "$arch" "$t") || exit
		break
	done
	kernel_row "$name" "$arch"
	[ -n "$test_tree" ] || die "kernel $name: no test kernel of base $K_BASE for $arch in testbed/kernels.table"
	series=$(sed -n 's|^+++ b/||p' "$GUPNUMA_TOP"/kernel-patches/"$K_BASE"/*.patch | sort -u)
fi
rm -rf "$SRC"
mkdir -p "$(dirname "$SRC")"
cp -al "$K_SRC/linux" "$SRC"
if [ -n "$test_tree" ]; then
	log "the $name kernel starts from the test kernel's tree, $test_tree"
	# a file of the series: the source's own, newer than the test kernel's
	# objects (a fresh copy, not a link: a link would change the source's
	# time too); one the series added is absent
	for f in $series; do
		[ ! -e "$K_SRC/linux/$f" ] || cp --remove-destination "$K_SRC/linux/$f" "$SRC/$f"
	done
	cp -a "$test_tree" "$B"
	rm -rf "$B/root" "$B/.complete" "$B/source"
else
	mkdir "$B"
fi
[ -z "$patches" ] || log "applying $(echo "$patches" | wc -l) patches of kernel-patches/$K_BASE"
for p in $patches; do
	patch -d "$SRC" -p1 -s --no-backup-if-mismatch < "$p" ||
		die "patch $K_BASE/$(basename "$p") does not apply to $K_RELEASE"
done

frag=$B/fragment.config
cat "$GUPNUMA_TOP/testbed/test-kernel.config" "$GUPNUMA_TOP/testbed/kernel-config/$arch.config" \
    "$GUPNUMA_TOP/testbed/kernel-config/$K_BASE.config" |
case $K_VARIANT in
test) cat ;;
unpatched) grep -v '^CONFIG_PROTNONE_HOOK=' ;;
debug) grep -v '^CONFIG_LOCALVERSION=' && cat "$GUPNUMA_TOP/testbed/debug-kernel.config" ;;
*) die "kernel $name: unknown variant '$K_VARIANT' in testbed/kernels.table" ;;
esac > "$frag"
log "configuring the $name kernel ($K_BASE, $K_VARIANT, $arch) in $B"
make -C "$SRC" "${KMAKE[@]}" O="$B" KCONFIG_ALLCONFIG="$frag" allnoconfig >"$B/build.log" 2>&1 ||
	{ tail -20 "$B/build.log"; die "allnoconfig failed"; }
# Every line of the fragment must have taken effect.
sh "$GUPNUMA_TOP/testbed/config-check.sh" "$frag" "$B/.config" > "$B/config-check.log" ||
	{ sed 's/^/gupnuma: config did not take: /' "$B/config-check.log" | grep -v 'lines checked' >&2
	  die "config fragment does not apply (dependencies missing?)"; }

# objtool's own build names the tree by its absolute path, so that kbuild
# builds it again in a copied tree, and every object depends on the objtool
# binary: measured, all 1,122 of them compiled again (104 s from ccache).
# Built first, objtool gets the test kernel's objtool's time, objects and
# binary alike, so that the kernel's objects stay.
if [ -n "$test_tree" ]; then
	make -C "$SRC" "${KMAKE[@]}" O="$B" tools/objtool >>"$B/build.log" 2>&1 ||
		{ tail -20 "$B/build.log"; die "objtool does not build in the $name kernel's tree"; }
	find "$B/tools/objtool" -exec touch -h -r "$test_tree/tools/objtool/objtool" {} +
fi
log "building the $name kernel (10-16 min on 2 cores from nothing, a few from ccache; log: $B/build.log)"
start=$(date +%s)
jobs=$(( $(nproc) + 1 ))
# ccache's depend mode: on a miss the compiler runs once (kbuild's -MMD
# names the headers), not the preprocessor first; measured on mm/ of the
# test kernel from an empty cache, 86 s against 108 s (and 95 s without
# ccache).
CCACHE_DEPEND=1 make -C "$SRC" "${KMAKE[@]}" O="$B" CC="ccache ${A_CROSS}gcc" -j"$jobs" "$(basename "$A_IMAGE")" modules \
	>>"$B/build.log" 2>&1 ||
	{ grep -E 'error|Error' "$B/build.log" | head -20; die "$name kernel build failed (see $B/build.log)"; }
make -C "$SRC" "${KMAKE[@]}" O="$B" INSTALL_MOD_PATH="$B/root" modules_install >>"$B/build.log" 2>&1 ||
	die "modules_install failed"
if [ -n "$test_tree" ] && grep -q ' protnone_hook' "$B/System.map"; then
	die "the $name kernel still has the series' symbols (System.map: $(grep -c protnone_hook "$B/System.map") protnone_hook*)"
fi
log "$name kernel built in $(( $(date +%s) - start )) s"
touch "$B/.complete"
echo "$B"
