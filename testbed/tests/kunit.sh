#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run gupnuma's KUnit suites (gupnuma_kunit.ko runs them at load) and print
# their KTAP from debugfs, one top-level result per suite with the cases
# nested, as the kernel's kunit.py parse expects.
D=/sys/kernel/debug/kunit
if [ ! -d $D ]; then
	echo "1..0 # SKIP no $D: this kernel has no CONFIG_KUNIT_DEBUGFS"
	exit 4
fi
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko || exit 1
insmod /lib/gupnuma/gupnuma_kunit.ko || exit 1
suites=$(ls $D | grep '^gupnuma_')
echo "KTAP version 1"
echo "1..$(echo $suites | wc -w)"
n=0
for s in $suites; do
	n=$((n + 1))
	# A suite whose cases did not all run is a failure: debugfs still says
	# "ok" for a suite that never ran (kunit.autorun=0: the plan, no case).
	plan=$(sed -n 's/^    1\.\.\([0-9]*\)$/\1/p' $D/$s/results | head -1)
	ran=$(grep -cE '^    (not )?ok [0-9]+ ' $D/$s/results)
	short=""
	if [ "$ran" != "${plan:-none}" ]; then
		echo "# $s: $ran of ${plan:-?} cases ran (kunit.autorun=1 on the command line?)"
		short="s/^ok $n $s/not ok $n $s/"
	fi
	# debugfs holds the suite's log (indented cases) and its own result line
	# numbered 1; renumber that line in this stream.
	sed -e '/^KTAP version/d' -e '/^1\.\.1$/d' \
	    -e "s/^\(not ok\|ok\) 1 $s/\1 $n $s/" -e "$short" $D/$s/results
done
rmmod gupnuma_kunit
