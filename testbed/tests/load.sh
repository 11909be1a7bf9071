#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Load gupnuma.ko for the tests that follow (module.sh tests load/unload itself).
# A load made here is checked too: /dev/gupnuma exists, and its log says
# "no gup engine" exactly when the engine file lists none.
. /lib/gupnuma/lib.sh
if grep -q '^gupnuma ' /proc/modules; then
	tap_plan 2
	tap_ok "gupnuma.ko already loaded"
else
	tap_plan 3
	tap_check "insmod gupnuma.ko" insmod /lib/gupnuma/gupnuma.ko
	# the log from the load's "loaded" line on
	said=$(dmesg | awk '/gupnuma: version .* loaded/ { s = ""; on = 1 } on { s = s $0 "\n" }
			    END { printf "%s", s }' | grep -c 'no gup engine')
	if grep -qw gup /sys/kernel/mm/gupnuma/engine 2>/dev/null; then
		tap_check "the load's log says nothing of a missing gup engine (the engine file lists gup)" \
			[ "$said" = 0 ]
	else
		tap_check "the load's log says why there is no gup engine" [ "$said" = 1 ]
	fi
fi
tap_check "/dev/gupnuma exists" [ -c /dev/gupnuma ]
tap_exit
