#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --no-tree -f on every kernel-side source file (module,
# KUnit, KVM tests, the test bed's module); one TAP line per file.
set -uo pipefail
. "$(dirname "$0")/env.sh"
CP=$SRC_ROOT/linux/scripts/checkpatch.pl
[ -x "$CP" ] || die "no checkpatch.pl in $SRC_ROOT (make deps)"
cd "$GUPNUMA_TOP"
files=$(git ls-files -co --exclude-standard -- 'mm/*.[ch]' 'include/*.h' 'kunit/*.[ch]' \
	'kvm-tests/*.[ch]' 'testbed/selftest/*.c' | sort -u)
n=$(echo "$files" | wc -w)
echo "TAP version 13"
echo "1..$n"
i=0 failed=0
for f in $files; do
	i=$((i + 1))
	if out=$("$CP" --no-tree --quiet --show-types -f "$f" 2>&1); then
		echo "ok $i checkpatch $f"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $i checkpatch $f"
		failed=1
	fi
done
exit $failed
