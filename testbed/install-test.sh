#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make install / make uninstall into temporary DESTDIRs, and what they install:
# the CLI runs, gupnuma(8) lints clean under mandoc and groff and names every
# subcommand and option the CLI's --help texts name, and the bash completion,
# sourced in a clean bash, completes subcommands, options and names (policies
# from a sysfs policy file when there is one).  TAP, one line per check.
set -uo pipefail
. "$(dirname "$0")/env.sh"
cd "$GUPNUMA_TOP" || die "no $GUPNUMA_TOP"
VERSION=$(sed -n 's/^#define GUPNUMA_VERSION[[:space:]]*"\(.*\)"/\1/p' include/uapi/linux/gupnuma.h)
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

i=0 failed=0
# check DESC CMD...: one TAP line; the command's output as diagnostics on failure.
check() {
	local desc=$1 out
	shift
	i=$((i + 1))
	if out=$("$@" 2>&1); then
		echo "ok $i $desc"
	else
		[ -z "$out" ] || echo "$out" | tail -20 | sed 's/^/# /'
		echo "not ok $i $desc"
		failed=1
	fi
}
# no_output CMD...: succeeds when CMD succeeds and prints nothing at all.
no_output() {
	local out
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
}
# complete_words "WORD...": what the completion, sourced in a clean bash with
# the installed gupnuma first in PATH and no module, offers for the command
# line WORD... (the last word is the one being completed), one a line.
complete_words() {
	env -i PATH="$P/sbin:$PATH" _gupnuma_sysfs="${SYSFS:-/nonexistent}" bash --norc --noprofile -c '
		set -u
		. "$1"
		complete -p gupnuma | grep -q -- "-F _gupnuma gupnuma$" || { echo "no complete -F" >&2; exit 1; }
		line=$2
		read -r -a COMP_WORDS <<< "gupnuma $line"
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_gupnuma gupnuma "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP" "$1"
}
# complete_to "WORD..." EXPECTED...: the completion of WORD... offers at least EXPECTED
complete_to() {
	local line=$1 got w
	shift
	got=" $(complete_words "$line" | tr '\n' ' ') " || return 1
	for w in "$@"; do
		[[ $got == *" $w "* ]] || { echo "\"gupnuma $line\": got [$got], no $w"; return 1; }
	done
}
# completion_offers KIND "WORD...": the completion of WORD... offers exactly
# the names of gupnuma list KIND
completion_offers() {
	local want got
	want=$("$BIN" list "$1" | awk '{print $1}' | sort)
	got=$(complete_words "$2" | sort)
	[ -n "$want" ] && [ "$want" = "$got" ] || { echo "list $1: $want"; echo "completion: $got"; return 1; }
}

echo "TAP version 13"
echo "1..27"
check "make install DESTDIR=... (PREFIX /usr/local)" nice -n 19 make -s install DESTDIR="$D/a"
P=$D/a/usr/local
BIN=$P/sbin/gupnuma MAN=$P/share/man/man8/gupnuma.8 COMP=$P/share/bash-completion/completions/gupnuma
check "installed: sbin/gupnuma (0755), share/man/man8/gupnuma.8, share/bash-completion/completions/gupnuma" \
	sh -c "test \"\$(stat -c %a '$BIN')\" = 755 && test -s '$MAN' && test -s '$COMP' &&
	       test \$(find '$D/a' -type f | wc -l) = 3"
check "the installed gupnuma is version $VERSION" sh -c "'$BIN' --version | grep -qx 'gupnuma $VERSION'"
check "make install PREFIX=/usr DESTDIR=... installs under usr/" sh -c "
	make -s install PREFIX=/usr DESTDIR='$D/b' && test -x '$D/b/usr/sbin/gupnuma' &&
	test -s '$D/b/usr/share/man/man8/gupnuma.8' && test -s '$D/b/usr/share/bash-completion/completions/gupnuma'"
check "make uninstall DESTDIR=... removes the three files" sh -c "
	make -s uninstall PREFIX=/usr DESTDIR='$D/b' && test -z \"\$(find '$D/b' -type f)\""

check "mandoc -T lint gupnuma.8: nothing to say" no_output mandoc -T lint "$MAN"
check "groff -ww -man -Tutf8 gupnuma.8: no warning" sh -c "
	err=\$(groff -ww -man -Tutf8 '$MAN' 2>&1 >/dev/null) && test -z \"\$err\" || { echo \"\$err\"; exit 1; }"
check "gupnuma.8 is the manual of version $VERSION" grep -q "^\.TH GUPNUMA 8 .* \"gupnuma $VERSION\"" "$MAN"
# Every subcommand and every long option of the --help texts, in the man page
# and in the completion.
cmds=$("$BIN" --help | awk '/^commands:/ {on = 1; next} on && NF {print $1}')
opts=$(for c in $cmds; do "$BIN" "$c" --help; done | grep -o -- '--[a-z][a-z-]*' | sort -u)
man_synopsis() {
	local c
	for c in $cmds; do
		grep -qE "^\.B gupnuma $c( |$)" "$MAN" || { echo "no .B gupnuma $c"; return 1; }
	done
}
man_options() {
	local o
	for o in $opts; do
		# roff spells - as \-; the option must not merely start a longer one
		grep -qE -- "${o//-/\\\\-}([^a-z\\-]|$)" "$MAN" || { echo "no ${o//-/\\-}"; return 1; }
	done
}
completion_words() {
	local w
	for w in $cmds $opts; do
		grep -qE -- "(^|[[:space:]\"])$w([[:space:]\"]|$)" "$COMP" || { echo "no $w"; return 1; }
	done
}
# cli_names KIND: the policies or callers gupnuma table --json decides for
# (the CLI's compiled list, which the module's is checked against in the
# guest), or the workloads of gupnuma list workloads.
cli_names() {
	if [ "$1" = workload ]; then
		"$BIN" list workloads | awk '{print $1}'
	else
		"$BIN" table --json | grep -o "\"$1\": \"[^\"]*\"" | cut -d'"' -f4 | sort -u
	fi
}
# man_list KIND: each name of cli_names KIND starts a .B or .BR line of
# gupnuma.8 (roff spells - as \-)
man_list() {
	local n r names
	names=$(cli_names "$1") && [ -n "$names" ] || { echo "gupnuma table --json: no $1"; return 1; }
	for n in $names; do
		r=${n//./\\.}
		grep -qE "^\.BR? ${r//-/\\\\-}( |$)" "$MAN" || { echo "no .B ${n//-/\\-} ($1)"; return 1; }
	done
}
check "gupnuma.8 describes every policy of gupnuma table --json" man_list policy
check "gupnuma.8 describes every caller of gupnuma table --json" man_list caller
check "gupnuma.8 describes every workload of gupnuma list workloads" man_list workload
check "the completion's policies, no module loaded: gupnuma list policies" \
	completion_offers policies "lookup --policy "
check "the completion's callers: gupnuma list callers" completion_offers callers "lookup --caller "
check "the completion's engines, no module loaded: gupnuma list engines" \
	completion_offers engines "lookup --engine "
check "the completion's flags: gupnuma list flags" completion_offers flags "lookup --flags "
check "gupnuma.8 has a SYNOPSIS line for each subcommand of gupnuma --help" man_synopsis
check "gupnuma.8 names every option of the subcommands' --help" man_options
check "the completion knows every subcommand and option of the --help texts" completion_words
check "the completion's workloads: gupnuma list workloads" completion_offers workloads "compare --workloads "

check "completion: 'gupnuma po' -> policy" complete_to "po" policy
check "completion: 'gupnuma c' -> compare" complete_to "c" compare
check "completion: 'gupnuma policy s' -> set show" complete_to "policy s" set show
check "completion: 'gupnuma lookup --pid 1 --caller sec' -> secondary-mmu" \
	complete_to "lookup --pid 1 --caller sec" secondary-mmu
check "completion: 'gupnuma policy set v6.' -> v6.1 v6.5 v6.6 (no module)" \
	complete_to "policy set v6." v6.1 v6.5 v6.6
mkdir -p "$D/sysfs" && echo "v3.8 v6.1 [v6.6] mine" > "$D/sysfs/policy"
SYSFS=$D/sysfs check "completion: 'gupnuma policy set ' -> the live policy file's names" \
	complete_to "policy set " v3.8 v6.1 v6.6 mine
check "completion: 'gupnuma compare --workloads kvm-read,re' -> kvm-read,remote-read" \
	complete_to "compare --workloads kvm-read,re" kvm-read,remote-read
check "completion: 'gupnuma compare --policies=v6' (bash splits at =) -> v6.1 v6.5 v6.6" \
	complete_to "compare --policies = v6" v6.1 v6.5 v6.6
exit $failed
