#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (tests/web/test_browser.py).
# Idempotent: does nothing when /usr/bin/chromium (or $CHROMIUM_PATH) exists. Needs root (or
# passwordless sudo) to install; otherwise it says so and the browser tests skip themselves.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "ensure-chromium: $CHROMIUM missing and no root to install it; browser tests will skip" >&2
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium package for the browser tests" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
