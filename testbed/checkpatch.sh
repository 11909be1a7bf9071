#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --no-tree -f on every kernel-side source file (module,
# KUnit, KVM tests, the test bed's module), and on every patch of
# kernel-patches/ (as a patch, commit message included; the commits it cites
# cannot be looked up without a kernel git tree); one TAP line per file.
set -uo pipefail
. "$(dirname "$0")/env.sh"
CP=$SRC_ROOT/linux/scripts/checkpatch.pl
[ -x "$CP" ] || die "no checkpatch.pl in $SRC_ROOT (make deps)"
cd "$GUPNUMA_TOP"
files=$(git ls-files -co --exclude-standard -- 'mm/*.[ch]' 'include/*.h' 'kunit/*.[ch]' \
	'kvm-tests/*.[ch]' 'testbed/selftest/*.c' 'testbed/hook-test/*.c' | sort -u)
patches=$(git ls-files -co --exclude-standard -- 'kernel-patches/*/*.patch' | sort -u)
n=$(echo $files $patches | wc -w)
echo "TAP version 13"
echo "1..$n"
i=0 failed=0
# check FILE CHECKPATCH_ARGS...: one TAP line; checkpatch runs from / (inside
# this git tree it reads a tracked patch's path differently).
check() {
	local f=$1 out
	shift
	i=$((i + 1))
	if out=$(cd / && "$CP" --no-tree --quiet --show-types "$@" 2>&1); then
		echo "ok $i checkpatch $f"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $i checkpatch $f"
		failed=1
	fi
}
# The EM()/EMe() name lists (the idiom of include/trace/events/migrate.h) are
# what checkpatch's macro heuristics flag, in the kernel's trace headers too:
# only those checks are ignored, only in the files that expand the lists.
# compat.h's gupnuma_assign_str(dst, src) drops src on kernels >= 6.10 on
# purpose (__assign_str() finds it itself there).
declare -A ignore=(
	[include/gupnuma/compat.h]=MACRO_ARG_UNUSED
	[include/gupnuma/enum_names.h]=COMPLEX_MACRO
	[include/trace/events/gupnuma.h]=MACRO_ARG_UNUSED,TRAILING_SEMICOLON
	[mm/names.c]=BRACKET_SPACE
)
for f in $files; do
	check "$f" ${ignore[$f]:+--ignore ${ignore[$f]}} -f "$GUPNUMA_TOP/$f"
done
for f in $patches; do
	check "$f" --ignore UNKNOWN_COMMIT_ID "$GUPNUMA_TOP/$f"
done
exit $failed
