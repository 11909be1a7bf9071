#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# docs/decision-tables.md must be what `make docs` generates from the code.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
if diff -u "$TOP/docs/decision-tables.md" <("$TOP/out/userspace/gupnuma" table --markdown); then
	exit 0
fi
echo "docs/decision-tables.md is stale: run make docs and commit it" >&2
exit 1
