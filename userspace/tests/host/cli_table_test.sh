#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gupnuma table and gupnuma list: output and bad input.  Usage: cli_table_test.sh PATH/TO/gupnuma
G=${1:?usage: $0 PATH/TO/gupnuma}
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n $*"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# expect_fail DESC STATUS MESSAGE CMD...: CMD exits STATUS and says MESSAGE on stderr
expect_fail() {
	d=$1 want=$2 msg=$3
	shift 3
	err=$("$@" 2>&1 >/dev/null); rc=$?
	echo "$err" | head -3 | sed 's/^/# /'
	if [ $rc = "$want" ] && echo "$err" | grep -qF -- "$msg"; then ok "$d"; else not_ok "$d (rc=$rc)"; fi
}
echo "TAP version 13"
echo "1..26"

out=$("$G" table --diff v6.1 v6.6); rc=$?
echo "$out" | sed 's/^/# /'
check "table --diff v6.1 v6.6 exits 0" [ $rc = 0 ]
rows=$(echo "$out" | tail -n +2 | awk '{print $1}' | tr '\n' ' ')
check "the v6.1 fallout rows are there (inspect*, smaps-thp*)" \
	sh -c "echo '$rows' | grep -q 'inspect inspect-thp inspect-protnone-vma smaps-thp smaps-thp-protnone-vma'"
check "smaps-pte is not a difference (smaps' PTE walk never asked GUP)" \
	sh -c "! echo '$rows' | grep -qw smaps-pte"
check "each inspection row names the broken property" \
	sh -c "[ \$(echo \"$out\" | grep -c 'inspection sees protnone pages: broken by v6.1') = \
		\$(echo \"$out\" | grep -cE '^(inspect|smaps)') ]"
check "table v6.6 has one row per query plus a header" \
	sh -c "[ \$('$G' table v6.6 | wc -l) = \$((\$('$G' table --json v6.6 | grep -c '\"query\"') + 1)) ]"
check "v6.5-rc1, v6.1's name until 0.3.0, still names it" \
	sh -c "[ \"\$('$G' table v6.5-rc1)\" = \"\$('$G' table v6.1)\" ]"
check "table --diff v6.6 v6.6 reports no difference" \
	sh -c "'$G' table --diff v6.6 v6.6 | grep -q 'decide alike'"
check "table --json is a JSON list" sh -c "'$G' table --json v6.6 | head -1 | grep -q '^\['"
expect_fail "unknown policy name" 2 "unknown policy 'v9.9'" "$G" table v9.9
expect_fail "--diff with one policy" 2 "--diff wants two policies" "$G" table --diff v6.6
expect_fail "unknown option" 2 "bad option" "$G" table --bogus
expect_fail "unknown command" 2 "unknown command 'tabel'" "$G" tabel
check "--help prints usage on stdout" sh -c "'$G' table --help | grep -q 'usage: gupnuma table'"
check "list workloads --json: JSON, one object per workload of compare --help" sh -c "
	'$G' list workloads --json | python3 -c 'import json, sys; print(\"\\n\".join(sorted(w[\"name\"] for w in json.load(sys.stdin))))' > /tmp/gn-list.$$ &&
	'$G' compare --help | awk '/^workloads:/ {on = 1; next} on && NF {print \$1}' | sort | diff /tmp/gn-list.$$ -"
check "list workloads: kvm-read needs kvm and is measured with THP; cpu needs nothing" sh -c "
	'$G' list workloads | grep -qE '^kvm-read +migrates +kvm +yes ' &&
	'$G' list workloads | grep -qE '^cpu +[a-z]+ +- +no '"
expect_fail "list without what" 2 "list what?" "$G" list
expect_fail "list of something else" 2 "nothing to list as 'sites'" "$G" list sites
check "list policies: the policies of table --json, in its order" sh -c "
	'$G' list policies | awk '{print \$1}' > /tmp/gn-list.$$ &&
	'$G' table --json | grep -o '\"policy\": \"[^\"]*\"' | cut -d'\"' -f4 | awk '!seen[\$0]++' |
	diff /tmp/gn-list.$$ -"
# lookup_help WHAT: the names lookup --help gives for WHAT, one a line
lookup_help() {
	if [ "$1" = engine ]; then
		"$G" lookup --help | sed -n 's/.*--engine \([a-z|]*\)\].*/\1/p' | tr '|' '\n'
	else
		"$G" lookup --help | sed -n "s/^  $1: \([^(]*\).*/\1/p" | tr ' ' '\n' | grep .
	fi
}
# same_names KIND WHAT: gupnuma list KIND's first column is lookup --help's WHAT
same_names() {
	"$G" list "$1" | awk '{print $1}' > /tmp/gn-list.$$ && lookup_help "$2" | diff /tmp/gn-list.$$ -
}
# each_has_doc KIND: every line of gupnuma list KIND has a doc after the name
each_has_doc() { "$G" list "$1" | grep -q . && ! "$G" list "$1" | awk 'NF < 2' | grep -q .; }
# json_names KIND: the names of gupnuma list KIND --json are those of its lines
json_names() {
	"$G" list "$1" | awk '{print $1}' > /tmp/gn-list.$$ &&
	"$G" list "$1" --json | python3 -c 'import json, sys; print("\n".join(f["name"] for f in json.load(sys.stdin)))' |
		diff - /tmp/gn-list.$$
}
check "list callers: the callers lookup --help names" same_names callers callers
check "list callers: each with what it stands for" each_has_doc callers
check "list engines: those of lookup --help" same_names engines engine
check "list flags: those of lookup --help" same_names flags flags
check "list flags --json and policies --json: one object per line of the text" \
	eval 'json_names flags && json_names policies'
# plot: a samples.csv of two series, one a real kernel's, and a correctness workload
P=/tmp/gn-plot.$$
mkdir -p $P
printf 'policy,workload,t_s,local_fraction,hint_faults,pages_migrated,pte_updates\n%s\n%s\n%s\n' \
	v6.6,cpu,0.2,0.5,1,1,1 real-6.12,cpu,0.2,0.7,1,1,1 v6.6,smaps,0.2,1,0,0,0 > $P/samples.csv
check "plot: a script per workload that migrates, a line per series, real-* dashed" sh -c "
	'$G' plot $P --title t >/dev/null && [ -s $P/cpu.gp ] && [ -s $P/overview.gp ] && [ ! -e $P/smaps.gp ] &&
	grep -q \"eq 'v6.6' .* dt 1 .* title 'v6.6'\" $P/cpu.gp &&
	grep -q \"eq 'real-6.12' .* dt 2 .* title 'real-6.12'\" $P/cpu.gp"
expect_fail "plot of a directory without samples.csv" 3 "cannot read" "$G" plot $P/none
printf 'policy,workload,t_s,local_fraction\nit'"'"'s,cpu,0,0\n' > $P/samples.csv
expect_fail "plot of a series whose name has a quote" 3 "not SERIES,WORKLOAD" "$G" plot $P
rm -rf $P
rm -f /tmp/gn-list.$$
exit $failed
