#!/usr/bin/env bash
# Regenerates the committed protocol code from protocol/selfplay.proto:
#   Sources/Bridge/Protocol/selfplay.pb.swift and python-client/src/selfplay/protocol_pb2.py
#   (with its type stub protocol_pb2.pyi, for the package's py.typed).
# Needs protoc (Debian: protobuf-compiler) and swift-protobuf's protoc-gen-swift 1.39.0:
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift)
# Builds and CI never run this: they use the committed files.
set -euo pipefail
cd "$(dirname "$0")/.."
PLUGIN="${PROTOC_GEN_SWIFT:-/tmp/swift-protobuf/.build/release/protoc-gen-swift}"
if [ ! -x "$PLUGIN" ]; then
    echo "protoc-gen-swift not found at $PLUGIN; build it (see this script's header) or set PROTOC_GEN_SWIFT" >&2
    exit 1
fi
out_swift=Sources/Bridge/Protocol
out_python=python-client/src/selfplay
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The Python module is named protocol_pb2 (imported as selfplay.protocol_pb2).
cp protocol/selfplay.proto "$work/protocol.proto"
protoc --proto_path="$work" --python_out="$work" --pyi_out="$work" "$work/protocol.proto"
cp "$work/protocol_pb2.py" "$work/protocol_pb2.pyi" "$out_python/"
protoc --proto_path=protocol --plugin=protoc-gen-swift="$PLUGIN" \
    --swift_opt=Visibility=Public --swift_out="$out_swift" protocol/selfplay.proto
swift format format --in-place "$out_swift/selfplay.pb.swift"  # as scripts/test.sh checks it
echo "generated $out_swift/selfplay.pb.swift and $out_python/protocol_pb2.py(i)"
