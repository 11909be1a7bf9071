#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Line and branch coverage of the module's mm/*.c over the debug kernel's run
# of make check (every guest test, the fuzzer, the race test, the unloads):
# the .gcda files that testbed/tests/gcov.sh sent at its end (in
# out/runs/debug/results.log), beside the .gcno files of the module built for
# the debug kernel (out/mod-debug/), through Debian's lcov (gcov-12) into
# out/coverage/: mm.info, and genhtml's pages in html/.  Prints TAP: a line
# per file as diagnostics, then the totals against the floors below, set
# from the first measurement; falling under one fails.
#   testbed/coverage.sh [KERNEL]     (default debug: out/runs/KERNEL, out/mod-KERNEL)
set -euo pipefail
. "$(dirname "$0")/env.sh"
# percent: the measurement with fault injection (2026-12-05: 95.3 and 79.0),
# less a point for the fuzzer's and the races' chance
LINE_FLOOR=94 BRANCH_FLOOR=78
k=${1:-debug}
R=$GUPNUMA_TOP/out/runs/$k/results.log
M=$GUPNUMA_TOP/out/mod-$k
C=$GUPNUMA_TOP/out/coverage
[ -s "$R" ] || die "no $R: the $k kernel's run of make check first"
[ -d "$M/mm" ] || die "no $M: testbed/build-module.sh $k first"
command -v lcov >/dev/null || die "no lcov (make deps)"
. "$GUPNUMA_TOP/testbed/gcov-lib.sh"
rm -rf "$C" && mkdir -p "$C"
gcov_capture "$R" gcov "$M" "$k" "$C/gcov" "$C/mm.info" ||
	die "no gcov data in $R (testbed/tests/gcov.sh)"
lcov_ genhtml --branch-coverage --quiet --output-directory "$C/html" "$C/mm.info" >/dev/null
echo "TAP version 13"
echo "1..2"
# per file, then the totals: lines hit/found, branches hit/found
awk -v lf="$LINE_FLOOR" -v bf="$BRANCH_FLOOR" '
	function pct(h, f) { return f ? 100 * h / f : 100 }
	/^SF:/ { file = $0; sub(".*/mm/", "mm/", file) }
	/^LF:/ { sub("LF:", ""); l = $0; LF += l } /^LH:/ { sub("LH:", ""); lh = $0; LH += lh }
	/^BRF:/ { sub("BRF:", ""); b = $0; BF += b } /^BRH:/ { sub("BRH:", ""); bh = $0; BH += bh }
	/^end_of_record/ { printf "# %-22s lines %5.1f %% (%d/%d)  branches %5.1f %% (%d/%d)\n",
			   file, pct(lh, l), lh, l, pct(bh, b), bh, b; l = lh = b = bh = 0 }
	END {
		printf "# %-22s lines %5.1f %% (%d/%d)  branches %5.1f %% (%d/%d)\n",
		       "mm/ in all", pct(LH, LF), LH, LF, pct(BH, BF), BH, BF
		lok = LF && pct(LH, LF) >= lf; bok = BF && pct(BH, BF) >= bf
		printf "%sok 1 line coverage of mm/: %.1f %% (floor %s %%)\n",
		       (lok ? "" : "not "), pct(LH, LF), lf
		printf "%sok 2 branch coverage of mm/: %.1f %% (floor %s %%)\n",
		       (bok ? "" : "not "), pct(BH, BF), bf
		exit !(lok && bok)
	}' "$C/mm.info"
