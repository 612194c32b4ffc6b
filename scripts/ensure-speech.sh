#!/usr/bin/env bash
# espeak-ng and sox for the spoken-briefing test (tests/test_brief.py); tidings itself looks for
# espeak-ng only when asked for --audio.
exec "$(dirname "$0")/ensure-packages.sh" "the spoken-briefing test" soxi espeak-ng sox
