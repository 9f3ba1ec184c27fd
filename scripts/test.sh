#!/usr/bin/env bash
# Runs every test: the Swift packages' tests (Swift Testing), then the Python client's tests
# (pytest) against a real `games serve` built here.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
swift test
python3 -m pip install --quiet --disable-pip-version-check -e "./python-client[test]"
SELFPLAY_GAMES_BIN="$PWD/.build/debug/games" python3 -m pytest -q python-client/tests
