#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# config-check.sh FRAGMENT CONFIG: every line of the config fragment is in
# effect in CONFIG: each "CONFIG_X=v" is there as written, each
# "# CONFIG_X is not set" has no "CONFIG_X=" line.  Prints each line that is
# not ("missing: ..." / "set: ..."), then "N lines checked"; exit 1 if any.
# POSIX sh: build-kernel.sh runs it on the host against .config, and the
# debug kernel's run (tests/debug_kernel.sh, busybox) against /proc/config.gz.
[ $# = 2 ] && [ -r "$1" ] && [ -r "$2" ] || { echo "usage: config-check.sh FRAGMENT CONFIG"; exit 2; }
n=0 bad=0
while read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$2" || { echo "missing: $line"; bad=1; } ;;
	"# CONFIG_"*" is not set")
		sym=${line#"# "}
		sym=${sym%" is not set"}
		! grep -q "^$sym=" "$2" || { echo "set: $sym"; bad=1; } ;;
	*) continue ;;
	esac
	n=$((n + 1))
done < "$1"
echo "$n lines checked"
exit $bad
