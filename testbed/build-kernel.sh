#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the gupnuma "test" kernel from linux-source-6.12: allnoconfig + our
# fragment (+ kernel-patches/*.patch, in order).  Out-of-tree build into the
# cache; a tree whose key is unchanged is reused as it is.
#   build-kernel.sh [unpatched|debug]
#     unpatched: without kernel-patches/ and the fragment's CONFIG_PROTNONE_HOOK
#                (the cost baseline)
#     debug:     the test kernel plus testbed/debug-kernel.config (KASAN,
#                lockdep, kmemleak, UBSAN, DEBUG_LIST, DEBUG_OBJECTS_RCU_HEAD)
set -euo pipefail
. "$(dirname "$0")/env.sh"

B=$TEST_BUILD
patches=$(ls "$GUPNUMA_TOP"/kernel-patches/*.patch 2>/dev/null || true)
case "${1:-}" in
"") ;;
unpatched) B=$UNPATCHED_BUILD patches="" ;;
debug) B=$DEBUG_BUILD ;;
*) die "unknown variant '$1' (none, unpatched or debug)" ;;
esac
if [ -e "$B/.complete" ]; then
	echo "$B"
	exit 0
fi
"$GUPNUMA_TOP/testbed/deps.sh"

rm -rf "$B" && mkdir -p "$B"
SRC=$SRC_ROOT/linux
if [ -n "$patches" ]; then
	# A private copy of the source, so the pristine tree stays pristine.
	log "applying $(echo "$patches" | wc -l) patches"
	cp -a "$SRC" "$B/src"
	SRC=$B/src
	for p in $patches; do
		patch -d "$SRC" -p1 -s --no-backup-if-mismatch < "$p" ||
			die "patch $(basename "$p") does not apply to $GUPNUMA_KABI"
	done
fi
ln -sfn "$SRC" "$B/source-tree"

frag=$B/fragment.config
case "${1:-}" in
"") cp "$GUPNUMA_TOP/testbed/test-kernel.config" "$frag" ;;
unpatched) grep -v '^CONFIG_PROTNONE_HOOK=' "$GUPNUMA_TOP/testbed/test-kernel.config" > "$frag" ;;
debug)
	grep -v '^CONFIG_LOCALVERSION=' "$GUPNUMA_TOP/testbed/test-kernel.config" > "$frag"
	cat "$GUPNUMA_TOP/testbed/debug-kernel.config" >> "$frag"
	;;
esac
log "configuring the ${1:-test} kernel in $B"
make -C "$SRC" O="$B" KCONFIG_ALLCONFIG="$frag" allnoconfig >"$B/build.log" 2>&1 ||
	{ tail -20 "$B/build.log"; die "allnoconfig failed"; }
# Every line of the fragment must have taken effect.
sh "$GUPNUMA_TOP/testbed/config-check.sh" "$frag" "$B/.config" > "$B/config-check.log" ||
	{ sed 's/^/gupnuma: config did not take: /' "$B/config-check.log" | grep -v 'lines checked' >&2
	  die "config fragment does not apply (dependencies missing?)"; }

log "building the ${1:-test} kernel (cold: ~10 min on 2 cores; log: $B/build.log)"
start=$(date +%s)
jobs=$(( $(nproc) + 1 ))
make -C "$SRC" O="$B" CC="ccache gcc" -j"$jobs" bzImage modules >>"$B/build.log" 2>&1 ||
	{ grep -E 'error|Error' "$B/build.log" | head -20; die "test kernel build failed (see $B/build.log)"; }
make -C "$SRC" O="$B" INSTALL_MOD_PATH="$B/root" modules_install >>"$B/build.log" 2>&1 ||
	die "modules_install failed"
log "${1:-test} kernel built in $(( $(date +%s) - start )) s"
touch "$B/.complete"
echo "$B"
