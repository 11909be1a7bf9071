#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gupnuma.ko loads, shows its sysfs tree, refuses writes to read-only files,
# unloads cleanly and loads again.
. /lib/gupnuma/lib.sh
KO=/lib/gupnuma/gupnuma.ko
D=/sys/kernel/mm/gupnuma
tap_plan 7

rmmod gupnuma 2>/dev/null
tap_check "insmod gupnuma.ko" insmod $KO
tap_check "$D/version matches the module's version" \
	sh -c "v=\$(cat $D/version) && m=\$(cat /sys/module/gupnuma/version) && echo \"sysfs \$v module \$m\" && [ -n \"\$v\" ] && [ \"\$v\" = \"\$m\" ]"
tap_check "$D/version is read-only (mode and write)" \
	sh -c "[ \"\$(stat -c %a $D/version)\" = 444 ] && ! echo 9 2>/dev/null > $D/version"
tap_check "rmmod gupnuma" rmmod gupnuma
tap_check "$D is gone after unload" [ ! -e $D ]
tap_check "insmod again after unload" insmod $KO
tap_check "rmmod again" rmmod gupnuma
tap_exit
