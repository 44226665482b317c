#!/usr/bin/env bash
# Tools the tests drive from outside Python: Debian's Chromium (browser tests) and curl (the README's
# shipments session). Install what is missing when root (e.g. CI); otherwise say how.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages for the tests: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "the tests need: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
exit 1
