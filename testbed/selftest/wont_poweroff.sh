#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Broken on purpose: half a second after this test, once the guest has
# reported the end of its tests, it suspends to idle with no wakeup source,
# and so never powers off (as a wedged kernel's guest does not): run.sh must
# stop it, and the run must fail.
echo "1..1"
grep -qw freeze /sys/power/state || { echo "not ok 1 no suspend-to-idle (/sys/power/state)"; exit 1; }
setsid sh -c 'sleep 0.5; echo freeze > /sys/power/state' </dev/null >/dev/null 2>&1 &
echo "ok 1 suspend to idle in 0.5 s"
