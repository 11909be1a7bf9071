#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Broken on purpose: reports a failed case, with its diagnostic, but exits 0.
echo "1..2"
echo "ok 1 first"
echo "# second: expected 1, got 2"
echo "not ok 2 second"
