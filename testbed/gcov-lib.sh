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

# gcov_capture RESULTS NAME MODDIR KERNEL WORK INFO: the .gcda files that
# gcov.sh sent as NAME.tar.gz in RESULTS, each beside its .gcno of MODDIR (the
# module built for KERNEL), in WORK, into INFO: an lcov tracefile of mm/*.c.
# Returns 1 when the run has no such data; dies on data it cannot use.
gcov_capture() {
	local r=$1 name=$2 m=$3 k=$4 d=$5 info=$6 n=0 f rel
	rm -rf "$d" && mkdir -p "$d/gcda" "$d/obj"
	grep -qx "### gupnuma-file $name\\.tar\\.gz\\.base64" "$r" || return 1
	awk -v m="### gupnuma-file $name.tar.gz.base64" \
		'/^### gupnuma-file-end/ { f = 0 } f; $0 == m { f = 1 }' "$r" |
		base64 -d | tar -xz -C "$d/gcda" 2>/dev/null ||
		die "no intact gcov data $name in $r (testbed/tests/gcov.sh)"
	# the kernel names them by the path the module was compiled in (a
	# tree of the cache, env.sh: cache_tree)
	rsync -a --include '*/' --include '*.gcno' --include '*.c' --include '*.h' --exclude '*' \
		"$m/" "$d/obj/"
	while IFS= read -r f; do
		rel=${f#*/mod-$k/}
		[ -e "$d/obj/${rel%.gcda}.gcno" ] ||
			die "$rel: no ${rel%.gcda}.gcno in $m (another build of the module?)"
		cp "$f" "$d/obj/$rel"
		n=$((n + 1))
	done < <(find "$d/gcda" -name '*.gcda')
	[ $n -gt 0 ] || die "no .gcda file in the gcov data $name of $r"
	lcov_ lcov "${LCOV_OPTS[@]}" --capture --directory "$d/obj" --base-directory "$d/obj" \
		--output-file "$d/all.info"
	lcov_ lcov "${LCOV_OPTS[@]}" --extract "$d/all.info" '*/mm/*.c' --output-file "$info"
}

# gcov_capture_cli RESULTS OBJDIR WORK INFO: the CLI's .gcda files that
# `gcov.sh --cli` sent as gcov-cli.tar.gz in RESULTS (each below its build
# path, GCOV_PREFIX), beside the .gcno files of OBJDIR (the CLI built with
# --coverage: userspace/Makefile, OUT=OBJDIR), in WORK, into INFO: an lcov
# tracefile of the CLI's own C (userspace/, not the policy core of mm/ nor
# the system's headers).  Returns 1 when the run has no such data.
gcov_capture_cli() {
	local r=$1 o=$2 d=$3 info=$4 n=0 f rel
	rm -rf "$d" && mkdir -p "$d/gcda" "$d/obj"
	grep -qx "### gupnuma-file gcov-cli\\.tar\\.gz\\.base64" "$r" || return 1
	awk '/^### gupnuma-file-end/ { f = 0 } f; $0 == "### gupnuma-file gcov-cli.tar.gz.base64" { f = 1 }' "$r" |
		base64 -d | tar -xz -C "$d/gcda" 2>/dev/null ||
		die "no intact gcov data gcov-cli in $r (testbed/tests/gcov.sh --cli)"
	rsync -a --include '*/' --include '*.gcno' --exclude '*' "$o/" "$d/obj/"
	while IFS= read -r f; do
		rel=${f#"$d/gcda"}
		rel=${rel#"$o/"}
		[ -e "$d/obj/${rel%.gcda}.gcno" ] ||
			die "$rel: no ${rel%.gcda}.gcno in $o (another build of the CLI?)"
		cp "$f" "$d/obj/$rel"
		n=$((n + 1))
	done < <(find "$d/gcda" -name '*.gcda')
	[ $n -gt 0 ] || die "no .gcda file in the gcov data gcov-cli of $r"
	lcov_ lcov "${LCOV_OPTS[@]}" --capture --directory "$d/obj" \
		--base-directory "$GUPNUMA_TOP/userspace" --output-file "$d/all.info"
	lcov_ lcov "${LCOV_OPTS[@]}" --extract "$d/all.info" "$GUPNUMA_TOP/userspace/*" \
		--output-file "$info"
}
