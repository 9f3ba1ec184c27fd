@testable import Bridge
import Testing

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

    @Test func aHeaderThatIsNotProtobufIsMalformed() throws {
        let garbage = try ZMQMessage(copying: [0xFF, 0xFF, 0xFF])
        let error = #expect(throws: BridgeError.self) { try IncomingMessage(frames: [garbage]) }
        #expect(error?.code == .malformedMessage)
    }
}
