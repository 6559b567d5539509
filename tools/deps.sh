#!/bin/sh
# Installs the Debian packages named in "$@" that are missing (as root), or
# prints the exact apt-get line and fails.  --check only reports.
check=0
[ "$1" = "--check" ] && { check=1; shift; }
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ $check -eq 1 ] || [ "$(id -u)" != 0 ]; then
  echo "gongwen needs these Debian packages:$missing" >&2
  echo "install them with:  sudo apt-get install -y$missing   (or run 'make deps' as root)" >&2
  exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet: update once when a package is not found.
apt-get install -y -q $missing >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $missing; }
