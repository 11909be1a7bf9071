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
# (bookworm's lcov 1.16 warns of its own redefined subroutines: not ours)
lcov_() { "$@" 2> >(grep -v ' redefined at ' >&2); }
lc=(--rc lcov_branch_coverage=1 --gcov-tool gcov-12 --quiet)
# capture NAME INFO: the .gcda files that gcov.sh sent as NAME.tar.gz, each
# beside its .gcno, into an lcov tracefile of mm/*.c; 1 when the run has no
# such data
capture() {
	local name=$1 info=$2 d=$C/$1 n=0 f rel
	rm -rf "$d" && mkdir -p "$d/gcda" "$d/obj"
	grep -q "^### gupnuma-file $name\.tar\.gz\.base64\$" "$R" || return 1
	awk -v m="### gupnuma-file $name.tar.gz.base64" \
		'/^### gupnuma-file-end/ { f = 0 } f; $0 == m { f = 1 }' "$R" |
		base64 -d | tar -xz -C "$d/gcda" 2>/dev/null ||
		die "no intact gcov data $name in $R (testbed/tests/gcov.sh)"
	# the kernel names them by the path the module was compiled in (a
	# tree of the cache, env.sh: cache_tree)
	rsync -a --include '*/' --include '*.gcno' --include '*.c' --include '*.h' --exclude '*' \
		"$M/" "$d/obj/"
	while IFS= read -r f; do
		rel=${f#*/mod-$k/}
		[ -e "$d/obj/${rel%.gcda}.gcno" ] ||
			die "$rel: no ${rel%.gcda}.gcno in $M (another build of the module?)"
		cp "$f" "$d/obj/$rel"
		n=$((n + 1))
	done < <(find "$d/gcda" -name '*.gcda')
	[ $n -gt 0 ] || die "no .gcda file in the gcov data $name of $R"
	lcov_ lcov "${lc[@]}" --capture --directory "$d/obj" --base-directory "$d/obj" \
		--output-file "$d/all.info"
	lcov_ lcov "${lc[@]}" --extract "$d/all.info" '*/mm/*.c' --output-file "$info"
}
# fi_only_lines: FILE:LINE of each line that the run reached, but not before
# fault injection
fi_only_lines() {
	awk -F'[:,]' '/^SF:/ { f = $2; sub(".*/mm/", "mm/", f) }
		/^DA:/ && $3 > 0 { k = f ":" $2; if (FILENAME == ARGV[1]) before[k] = 1; else if (!(k in before)) print k }' \
		"$C/mm-before-fault-injection.info" "$C/mm.info"
}
rm -rf "$C" && mkdir -p "$C"
capture gcov "$C/mm.info" || die "no gcov data in $R (testbed/tests/gcov.sh)"
# what the run reached before fault injection (testbed/mutants.sh runs the
# mutants of the other lines against fault_inject_test)
capture gcov-before-fault-injection "$C/mm-before-fault-injection.info" ||
	rm -f "$C/mm-before-fault-injection.info"
lcov_ genhtml --branch-coverage --quiet --output-directory "$C/html" "$C/mm.info" >/dev/null
echo "TAP version 13"
[ ! -s "$C/mm-before-fault-injection.info" ] ||
	echo "# $(fi_only_lines | wc -l) lines of mm/ reached only under fault injection"
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
