#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Which of make mutants' tests reach each line of mm/*.c, so that a mutant
# runs against those tests only (testbed/mutants.sh).  One boot of the debug
# kernel (gcov, testbed/debug-kernel.config) runs the tests in their order
# with a gcov snapshot after each (testbed/tests/gcov.sh after-N); a test
# reached a line when the line's count grew while it ran.  Like any
# selection by coverage, it misses a test that would see a mutant's effect
# without running its line (state that another test's call left behind).
#   testbed/mutants-reach.sh TEST...      (as run.sh takes them)
# Out: out/mutants/reach.tsv, a row per line gcov instruments: FILE:LINE,
# then the indices (from 0) of the tests that reached it, comma-separated
# (empty: none); out/mutants/reach.key, the SHA-1 of what it was made from
# (mm/, include/, the tests and their arguments): it is made again only
# when that changes.
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$GUPNUMA_TOP/testbed/gcov-lib.sh"
T=$GUPNUMA_TOP/testbed
OUT=$GUPNUMA_TOP/out/mutants
M=$GUPNUMA_TOP/out/mod-debug
W=$OUT/reach
[ $# -gt 0 ] || die "mutants-reach.sh: which tests? (see its header)"
mkdir -p "$OUT"
key=$({ printf '%s\n' "$@"; cat "$GUPNUMA_TOP"/mm/*.c "$GUPNUMA_TOP"/mm/*.h \
	"$GUPNUMA_TOP"/include/gupnuma/*.h "$GUPNUMA_TOP"/include/uapi/linux/*.h 2>/dev/null
	for t in "$@"; do cat "${t%%:*}"; done; } | sha1sum | cut -d' ' -f1)
if [ -s "$OUT/reach.tsv" ] && [ "$(cat "$OUT/reach.key" 2>/dev/null)" = "$key" ]; then
	log "mutants-reach.sh: out/mutants/reach.tsv is up to date"
	exit 0
fi
"$T/build-module.sh" debug >/dev/null || die "mutants-reach.sh: the module does not build for debug"
# its own copy, whose .gcno files match the module it boots whatever else
# rebuilds out/mod-debug meanwhile
rm -rf "$W" && mkdir -p "$W" && cp -a "$M" "$W/mod-debug"
M=$W/mod-debug
args=() n=0
for t in "$@"; do
	args+=("$t" "$T/tests/gcov.sh:after-$n")
	n=$((n + 1))
done
t0=$SECONDS
# a test that fails here still tells what it reached: the map is made all the same
"$T/run.sh" --kernel debug --name mutants-reach --timeout 400 --gigantic \
	--module "$M/gupnuma.ko" --module "$M/gupnuma_kunit.ko" \
	--file "$GUPNUMA_TOP/out/userspace/tests/guest/protnone_holder" \
	--file "$GUPNUMA_TOP/out/userspace/gupnuma" "${args[@]}" > "$OUT/reach.log" 2>&1 ||
	log "mutants-reach.sh: a test failed in the unmutated run (out/mutants/reach.log)"
R=$GUPNUMA_TOP/out/runs/mutants-reach/results.log
infos=()
for ((i = 0; i < n; i++)); do
	gcov_capture "$R" "gcov-after-$i" "$M" debug "$W/$i" "$W/after-$i.info" ||
		die "mutants-reach.sh: no gcov snapshot after test $i (out/mutants/reach.log)"
	infos+=("$W/after-$i.info")
done
# each line's count after each test; test i reached the line if it grew
awk -F'[:,]' '
	FNR == 1 { i++ }
	/^SF:/ { f = $2; sub(".*/mm/", "mm/", f) }
	/^DA:/ { k = f ":" $2; if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
		 if ($3 > last[k]) reach[k] = reach[k] (reach[k] == "" ? "" : ",") (i - 1)
		 last[k] = $3 }
	END { for (j = 1; j <= nk; j++) printf "%s\t%s\n", order[j], reach[order[j]] }' \
	"${infos[@]}" > "$OUT/reach.tsv.new"
mv "$OUT/reach.tsv.new" "$OUT/reach.tsv"
echo "$key" > "$OUT/reach.key"
log "mutants-reach.sh: $(awk -F'\t' '$2 != ""' "$OUT/reach.tsv" | wc -l) of $(wc -l < "$OUT/reach.tsv") lines reached by $n tests, $((SECONDS - t0)) s"
