#!/usr/bin/env bash
# Usage: ensure-packages.sh WHAT-FOR COMMAND [PACKAGE...]
# Make sure Debian packages a test needs are installed. Idempotent: does nothing when COMMAND
# (a path or a name on PATH) is there. Needs root (or passwordless sudo) to install; otherwise
# it says so and exits 0, and the tests that need it skip themselves with the reason.
set -euo pipefail
WHAT="$1"; COMMAND="$2"; shift 2
if [ -x "$COMMAND" ] || command -v "$COMMAND" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "ensure-packages: $COMMAND missing and no root to install $*; $WHAT will skip" >&2
  exit 0
fi
echo "ensure-packages: installing Debian's $* for $WHAT" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
