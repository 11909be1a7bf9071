#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Broken on purpose: never ends; the per-test timeout must kill it.
echo "1..1"
sleep 100000
