#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Broken on purpose: reports a failed case but exits 0.
echo "1..2"
echo "ok 1 first"
echo "not ok 2 second"
