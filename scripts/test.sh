#!/usr/bin/env bash
# Runs every test: the Swift packages' tests (Swift Testing).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
swift test
