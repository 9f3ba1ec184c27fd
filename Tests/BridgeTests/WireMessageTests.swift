import Testing

@testable import Bridge

@Suite("Wire messages")
struct WireMessageTests {
    @Test func arraysAndTextsSurviveARoundTripThroughFrames() throws {
        var message = OutgoingMessage(kind: .step, requestID: 42, isReply: false)
        try message.addArray("actions", [Int32(3), -1, 7])
        try message.addTexts("replies", ["[4]", "", "héllo \\boxed{x}"])
        try message.addArray("observations", of: Float.self, shape: [2, 3]) { buffer in
            for index in buffer.indices { buffer[index] = Float(index) / 2 }
        }
        let incoming = try IncomingMessage(frames: try message.parts())
        #expect(incoming.header.protocolVersion == 1)
        #expect(incoming.header.requestID == 42)
        #expect(try incoming.array("actions", as: Int32.self)?.values == [3, -1, 7])
        #expect(try incoming.texts("replies") == ["[4]", "", "héllo \\boxed{x}"])
        let observations = try incoming.array("observations", as: Float.self)
        #expect(observations?.shape == [2, 3])
        #expect(observations?.values == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(try incoming.array("missing", as: Int32.self) == nil)
    }

    @Test func anArrayReadAsTheWrongTypeIsMalformed() throws {
        var message = OutgoingMessage(kind: .step, requestID: 1, isReply: false)
        try message.addArray("actions", [Float(1)])
        let incoming = try IncomingMessage(frames: try message.parts())
        #expect(throws: BridgeError(.malformedMessage, "array 'actions' has dtype float32; expected int32")) {
            try incoming.array("actions", as: Int32.self)
        }
    }

    @Test func aFrameShorterThanItsShapeIsMalformed() throws {
        var message = OutgoingMessage(kind: .step, requestID: 1, isReply: false)
        try message.addArray("actions", [Int32(1), 2])
        var parts = try message.parts()
        parts[1] = try ZMQMessage(copying: [UInt8](repeating: 0, count: 5))
        let incoming = try IncomingMessage(frames: parts)
        let error = #expect(throws: BridgeError.self) { try incoming.array("actions", as: Int32.self) }
        #expect(error?.code == .malformedMessage)
        #expect(error?.message.contains("5 bytes") == true)
    }

    @Test func packedArraysShareOneFrameAtAlignedOffsets() throws {
        var message = OutgoingMessage(kind: .step, requestID: 7, isReply: true)
        // 3 bytes, then 2 floats at offset 8 (not 3), then 1 int64 at offset 16.
        try message.beginPackedArrays(byteCount: OutgoingMessage.packedByteCount([3, 8, 8]))
        try message.addArray("flags", [UInt8(1), 0, 1])
        try message.addArray("rewards", of: Float.self, shape: [2]) {
            $0[0] = -1; $0[1] = 0.5
        }
        try message.addArray("ids", [Int64(1) << 40])
        let parts = try message.parts()
        #expect(parts.count == 2)  // the header and one packed frame
        #expect(parts[1].count == 24)
        let incoming = try IncomingMessage(frames: parts)
        #expect(incoming.header.arrays.map(\.offset) == [0, 8, 16])
        #expect(try incoming.array("flags", as: UInt8.self)?.values == [1, 0, 1])
        #expect(try incoming.array("rewards", as: Float.self)?.values == [-1, 0.5])
        #expect(try incoming.array("ids", as: Int64.self)?.values == [1 << 40])
    }

    @Test func aPackedFrameTooSmallForItsArraysIsABug() throws {
        var message = OutgoingMessage(kind: .step, requestID: 1, isReply: true)
        try message.beginPackedArrays(byteCount: 4)
        #expect(throws: BridgeError.self) { try message.addArray("ids", [Int64(1)]) }
    }

    @Test func anArrayPastTheEndOfItsPackedFrameIsMalformed() throws {
        var message = OutgoingMessage(kind: .step, requestID: 1, isReply: false)
        try message.addArray("actions", [Int32(1), 2])
        message.header.arrays[0].offset = 4  // 8 bytes from offset 4 of an 8-byte frame
        let incoming = try IncomingMessage(frames: try message.parts())
        let error = #expect(throws: BridgeError.self) { try incoming.array("actions", as: Int32.self) }
        #expect(error?.code == .malformedMessage)
    }

    @Test func presetRefsGiveTheHeaderTheSameArraysAsBuildingThem() throws {
        func reply(requestID: UInt64, refs: SerializedArrayRefs?) throws -> OutgoingMessage {
            var message = OutgoingMessage(kind: .step, requestID: requestID, isReply: true)
            message.header.stepReply = WireStepReply.with {
                $0.vectorID = 3; $0.episodesFinished = UInt32(requestID)
            }
            if let refs { try message.usePresetArrayRefs(refs) }
            try message.addArray("current_seats", [Int32(0), 1])
            try message.addArray("observations", of: Float.self, shape: [2, 3]) { $0.update(repeating: Float(requestID)) }
            return message
        }
        var first = try reply(requestID: 1, refs: nil)
        let built = first.header.arrays
        let refs = try first.presetCurrentArrayRefs()
        let firstIn = try IncomingMessage(frames: try first.parts())
        let later = try IncomingMessage(frames: try reply(requestID: 2, refs: refs).parts())
        for incoming in [firstIn, later] {
            #expect(incoming.header.arrays == built)
            #expect(incoming.header.stepReply.vectorID == 3)
        }
        #expect(later.header.requestID == 2)
        #expect(later.header.stepReply.episodesFinished == 2)
        #expect(try later.array("observations", as: Float.self)?.values == Array(repeating: 2, count: 6))
    }

    @Test func presetRefsRefuseAnArrayTheyDoNotName() throws {
        var first = OutgoingMessage(kind: .step, requestID: 1, isReply: true)
        try first.addArray("current_seats", [Int32(0), 1])
        let refs = try first.presetCurrentArrayRefs()
        var second = OutgoingMessage(kind: .step, requestID: 2, isReply: true)
        try second.usePresetArrayRefs(refs)
        // Three seats where the refs say two: the header would lie about the frame.
        #expect(throws: BridgeError.self) { try second.addArray("current_seats", [Int32(0), 1, 0]) }
    }

    @Test func aHeaderThatIsNotProtobufIsMalformed() throws {
        let garbage = try ZMQMessage(copying: [0xFF, 0xFF, 0xFF])
        let error = #expect(throws: BridgeError.self) { try IncomingMessage(frames: [garbage]) }
        #expect(error?.code == .malformedMessage)
    }
}
