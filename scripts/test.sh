#!/usr/bin/env bash
# Runs every test: the Swift formatting check (swift format, .swift-format), the Swift packages'
# tests (Swift Testing), then the Python client's type check (mypy), lint (ruff, over
# python-client/ and benchmarks/) and tests (pytest) against a real `games serve` built here. A
# compiler warning in the project's own sources (not its dependencies') fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain's formatter; fix a failure with the same command's `format --in-place`.
swift format lint --strict --recursive Package.swift Sources Tests fuzz/Package.swift fuzz/Sources
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
swift build --build-tests 2>&1 | tee "$build_log"
# Only files compiled in this build are checked: a clean checkout (as in CI) compiles them all.
if grep -E "^$PWD/(Sources|Tests)/.*: warning:" "$build_log"; then
    echo "test.sh: the build has compiler warnings in the project's sources (above)" >&2
    exit 1
fi
swift test --disable-xctest  # the tests use Swift Testing only; XCTest would report "Executed 0 tests"
python3 -m pip install --quiet --disable-pip-version-check -e "./python-client[test]"
(cd python-client && python3 -m mypy)  # the package ships py.typed: its types must hold
# Lint python-client/ and benchmarks/ with python-client/pyproject.toml's [tool.ruff] (run from
# python-client/ so the configuration's `src` paths resolve there).
(cd python-client && python3 -m ruff check . ../benchmarks)
SELFPLAY_GAMES_BIN="$PWD/.build/debug/games" python3 -m pytest -q python-client/tests
