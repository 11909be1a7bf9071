#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The debug kernel is what it says: every line of testbed/debug-kernel.config
# (given with --file) is in the running kernel's /proc/config.gz, and KASAN,
# lockdep and kmemleak announced themselves at boot and are on.
#   debug_kernel.sh            at the start of a run
#   debug_kernel.sh --end      at its end: lockdep is still on (it turns itself
#                              off at its first report, and after too many
#                              lock classes), so nothing was found
. /lib/gupnuma/lib.sh
if [ "${1:-}" = --end ]; then
	tap_plan 1
	tap_check "lockdep still on at the end of the run (debug_locks: 1)" \
		sh -c "grep -E '^ *debug_locks: +1\$' /proc/lockdep_stats"
	tap_exit
fi
CFG=/tests/debug-kernel.config
tap_plan 5
tap_check "every line of debug-kernel.config is in /proc/config.gz" sh -c "
	[ -f $CFG ] && [ -r /proc/config.gz ] || { echo 'no $CFG or /proc/config.gz'; exit 1; }
	zcat /proc/config.gz > /tmp/running.config &&
	sh /lib/gupnuma/config-check.sh $CFG /tmp/running.config"
tap_check "KASAN initialized at boot" sh -c "dmesg | grep 'KernelAddressSanitizer initialized'"
tap_check "lockdep is on (debug_locks: 1)" grep -qE '^ *debug_locks: +1$' /proc/lockdep_stats
tap_check "kmemleak is on, its automatic scan off" sh -c "
	[ -r /sys/kernel/debug/kmemleak ] || { echo 'no /sys/kernel/debug/kmemleak'; exit 1; }
	! cat /proc/[0-9]*/comm 2>/dev/null | grep -qx kmemleak"
tap_check "UBSAN is built in (its report path is in kallsyms)" grep -q ' __ubsan_handle_' /proc/kallsyms
tap_exit
