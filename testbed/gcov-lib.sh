# SPDX-License-Identifier: GPL-2.0
# gcov data of the module, from a guest run to lcov tracefiles on the host;
# sourced by testbed/coverage.sh and testbed/mutants-reach.sh (after env.sh).
# testbed/tests/gcov.sh [LABEL] sends the .gcda files as gcov[-LABEL].tar.gz
# between file markers in the run's results.log.

# (bookworm's lcov 1.16 warns of its own redefined subroutines: not ours)
lcov_() { "$@" 2> >(grep -v ' redefined at ' >&2); }
LCOV_OPTS=(--rc lcov_branch_coverage=1 --gcov-tool gcov-12 --quiet)

# gcov_labels RESULTS: the names of the gcov data in a run's results.log
gcov_labels() {
	sed -n 's/^### gupnuma-file \(gcov[^ ]*\)\.tar\.gz\.base64$/\1/p' "$1"
}

# gcov_unpack RESULTS NAME OBJDIR STRIP WORK INFO BASE PATTERN: the .gcda
# files sent as NAME.tar.gz in RESULTS, each with the leading part of its
# path that matches the glob STRIP taken off, beside its .gcno of OBJDIR, in
# WORK, into INFO: an lcov tracefile (sources found from BASE, WORK/obj if
# empty) of the files matching PATTERN.  Returns 1 when the run has no such
# data; dies on data it cannot use.
gcov_unpack() {
	local r=$1 name=$2 o=$3 strip=$4 d=$5 info=$6 base=$7 pattern=$8 n=0 f rel
	rm -rf "$d" && mkdir -p "$d/gcda" "$d/obj"
	grep -qx "### gupnuma-file $name\.tar\.gz\.base64" "$r" || return 1
	awk -v m="### gupnuma-file $name.tar.gz.base64" \
		'/^### gupnuma-file-end/ { f = 0 } f; $0 == m { f = 1 }' "$r" |
		base64 -d | tar -xz -C "$d/gcda" 2>/dev/null ||
		die "no intact gcov data $name in $r (testbed/tests/gcov.sh)"
	rsync -a --include '*/' --include '*.gcno' --include '*.c' --include '*.h' --exclude '*' \
		"$o/" "$d/obj/"
	while IFS= read -r f; do
		rel=${f#"$d/gcda/"}
		# shellcheck disable=SC2295
		rel=${rel#$strip}
		[ -e "$d/obj/${rel%.gcda}.gcno" ] ||
			die "$rel: no ${rel%.gcda}.gcno in $o (another build?)"
		cp "$f" "$d/obj/$rel"
		n=$((n + 1))
	done < <(find "$d/gcda" -name '*.gcda')
	[ $n -gt 0 ] || die "no .gcda file in the gcov data $name of $r"
	lcov_ lcov "${LCOV_OPTS[@]}" --capture --directory "$d/obj" --base-directory "${base:-$d/obj}" \
		--output-file "$d/all.info"
	lcov_ lcov "${LCOV_OPTS[@]}" --extract "$d/all.info" "$pattern" --output-file "$info"
}

# gcov_capture RESULTS NAME MODDIR KERNEL WORK INFO: the module's data NAME
# (gcov.sh [LABEL]), beside MODDIR, the module built for KERNEL: mm/*.c.  The
# kernel names the files by the path the module was compiled in (a tree of
# the cache, env.sh: cache_tree).
gcov_capture() {
	gcov_unpack "$1" "$2" "$3" "*/mod-$4/" "$5" "$6" "" '*/mm/*.c'
}

# gcov_capture_cli RESULTS OBJDIR WORK INFO: the CLI's data (gcov.sh --cli:
# each file below its build path, under GCOV_PREFIX), beside OBJDIR (the CLI
# built with --coverage: userspace/Makefile, OUT=OBJDIR): the CLI's own C
# (userspace/, not the policy core of mm/ nor the system's headers).
gcov_capture_cli() {
	gcov_unpack "$1" gcov-cli "$2" "${2#/}/" "$3" "$4" "$GUPNUMA_TOP/userspace" \
		"$GUPNUMA_TOP/userspace/*"
}
