#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/web/test_browser.py); $CHROMIUM_PATH names another.
exec "$(dirname "$0")/ensure-packages.sh" "the browser tests" "${CHROMIUM_PATH:-/usr/bin/chromium}" chromium
