#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Load gupnuma.ko for the tests that follow (module.sh tests load/unload itself).
. /lib/gupnuma/lib.sh
tap_plan 2
grep -q '^gupnuma ' /proc/modules || tap_check "insmod gupnuma.ko" insmod /lib/gupnuma/gupnuma.ko
[ $TAP_N = 1 ] || tap_ok "gupnuma.ko already loaded"
tap_check "/dev/gupnuma exists" [ -c /dev/gupnuma ]
tap_exit
