#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Stands in for QEMU (run.sh's GUPNUMA_QEMU): a guest whose tests ended and
# that then does not power off.  It writes the end of the run to the results
# file the TAP -serial names, and sleeps until run.sh stops it.
for a; do
	case $a in file:*/results.log) r=${a#file:} ;; esac
done
[ -n "${r:-}" ] || exit 1
echo "### gupnuma-done" >> "$r"
exec sleep 600
