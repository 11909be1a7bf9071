#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the gupnuma test bed's initramfs.  Runs /tests/* in the order of
# /tests/list, each under a timeout, and writes their TAP to the TAP port
# (GUPNUMA_TAPDEV, from testbed/arches.table) between markers the host
# parses.  The kernel log goes to the console.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# where a program built with --coverage (the CLI of out/userspace-cov/) writes
# its .gcda files, below their build paths (testbed/tests/gcov.sh --cli)
export GCOV_PREFIX=/tmp/gcov-user
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
. /etc/gupnuma.conf

stty -F "$GUPNUMA_TAPDEV" raw -echo 2>/dev/null
exec 3>"$GUPNUMA_TAPDEV"

# Modules the run needs from the kernel image (the KVM module, brd).
[ -z "$GUPNUMA_BOOT_MODULES" ] || echo "### gupnuma-test-begin boot_modules" >&3
[ -z "$GUPNUMA_BOOT_MODULES" ] || echo "TAP version 13" >&3
n=0; fail=0
for m in $GUPNUMA_BOOT_MODULES; do
	n=$((n + 1))
	if insmod "/lib/gupnuma/boot/$m" >/tmp/insmod.out 2>&1; then
		echo "ok $n insmod $m" >&3
	else
		echo "# $(cat /tmp/insmod.out)" >&3
		echo "not ok $n insmod $m" >&3
		fail=1
	fi
done
if [ -n "$GUPNUMA_BOOT_MODULES" ]; then
	echo "1..$n" >&3
	echo "### gupnuma-test-end boot_modules rc=$fail" >&3
fi

# One empty VM for the whole session, so that KVM's preempt-notifier static
# key is switched once, not per test VM (testbed/kvm-hold.c).
if [ -c /dev/kvm ] && [ -x /lib/gupnuma/kvm-hold ]; then
	/lib/gupnuma/kvm-hold </dev/null >/dev/null 2>&1 &
fi

cd /tests
while read -r t args; do
	[ -n "$t" ] || continue
	echo "### gupnuma-test-begin $t" >&3
	t0=$(cut -d' ' -f1 /proc/uptime)
	# In a process group of its own (setsid keeps the pid: sh -c is no
	# group leader), so that what a test leaves running, killed by the
	# timeout or not, ends with it and cannot run into the next test.
	timeout -s KILL "$GUPNUMA_TEST_TIMEOUT" \
		sh -c 'echo $$ > /tmp/test.pgid; exec setsid "$0" "$@"' "/tests/$t" $args >&3 2>&1 </dev/null
	rc=$?
	kill -KILL -"$(cat /tmp/test.pgid)" 2>/dev/null
	# the guest seconds it took, for the record (results.log)
	echo "### gupnuma-test-end $t rc=$rc seconds=$(awk -v a="$t0" '{ print int($1 - a + 0.5) }' /proc/uptime)" >&3
	# run.sh --stop-at-failure: the first failure (not a skip) ends the list
	if [ -n "$GUPNUMA_STOP_AT_FAILURE" ] && [ $rc != 0 ] && [ $rc != 4 ]; then
		echo "### gupnuma-stopped-at $t" >&3
		break
	fi
done < /tests/list
echo "### gupnuma-done" >&3
exec 3>&-
sleep 1
poweroff -f
