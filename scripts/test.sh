#!/usr/bin/env bash
# Runs every test: the Swift packages' tests (Swift Testing), then the Python client's type
# check (mypy) and tests (pytest) against a real `games serve` built here.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
swift test --disable-xctest  # the tests use Swift Testing only; XCTest would report "Executed 0 tests"
python3 -m pip install --quiet --disable-pip-version-check -e "./python-client[test]"
(cd python-client && python3 -m mypy)  # the package ships py.typed: its types must hold
SELFPLAY_GAMES_BIN="$PWD/.build/debug/games" python3 -m pytest -q python-client/tests
