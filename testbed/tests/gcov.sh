#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gcov data, sent to the host at the end of a run, as a base64-encoded tar.gz
# between file markers (testbed/coverage.sh):
# - the module's (default), on a kernel with CONFIG_GCOV_KERNEL (the debug
#   kernel; Kbuild profiles the module's objects there): the counts of every
#   load of gupnuma.ko and gupnuma_kunit.ko in the run, which the kernel sums
#   (gcov_persist=1 keeps an unloaded module's,
#   Documentation/dev-tools/gcov.rst).  debugfs gives each .gcda a size of
#   0, so each is read into a copy first.
# - with --cli, the gupnuma CLI's, built with --coverage (out/userspace-cov/):
#   its .gcda files, which every run of it in the guest wrote under
#   GCOV_PREFIX (/tmp/gcov-user, testbed/guest-init.sh).
# Usage: gcov.sh [--cli] [LABEL]: with a label, a snapshot of the counts so
# far, as gcov-LABEL.tar.gz (testbed/mutants-reach.sh: one after each test).
. /lib/gupnuma/lib.sh
if [ "$1" = --cli ]; then
	shift
	G=$GCOV_PREFIX name=gcov-cli what="the gupnuma CLI's" mark=gupnuma-cmd_compare
else
	G=/sys/kernel/debug/gcov name=gcov what="the module's" mark=mm/main
fi
name=$name${1:+-$1}
tap_plan 2
[ -d "$G" ] || tap_skip_all "no $G (a kernel without CONFIG_GCOV_KERNEL, or a CLI without --coverage)" \
	"$what .gcda files" "the .gcda files packed for the host"
rm -rf /tmp/gcov && mkdir -p /tmp/gcov
find "$G" -name '*.gcda' > /tmp/gcda.list
while read -r f; do
	c=/tmp/gcov/${f#"$G"/}
	mkdir -p "$(dirname "$c")" && cat "$f" > "$c"
done < /tmp/gcda.list
n=$(wc -l < /tmp/gcda.list)
tap_diag "$n .gcda files, $(du -s /tmp/gcov | cut -f1) kB"
tap_check "$what .gcda files ($n; $mark.gcda among them)" grep -q "/$mark\\.gcda\$" /tmp/gcda.list
tar -C /tmp/gcov -czf /tmp/gcov.tar.gz .
rc=$?
echo "### gupnuma-file $name.tar.gz.base64"
base64 /tmp/gcov.tar.gz
echo "### gupnuma-file-end"
tap_check "the .gcda files packed for the host as $name (tar exit $rc, $(wc -c < /tmp/gcov.tar.gz) bytes)" [ $rc = 0 ]
tap_exit
