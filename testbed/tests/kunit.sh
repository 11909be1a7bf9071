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
	# debugfs holds the suite's log (indented cases) and its own result line
	# numbered 1; renumber that line in this stream.
	sed -e '/^KTAP version/d' -e '/^1\.\.1$/d' \
	    -e "s/^\(not ok\|ok\) 1 $s/\1 $n $s/" $D/$s/results
done
rmmod gupnuma_kunit
