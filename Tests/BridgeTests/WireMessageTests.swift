@testable import Bridge
import Testing

@Suite("Wire messages")
struct WireMessageTests {
    @Test func arraysAndTextsSurviveARoundTripThroughFrames() throws {
        var message = OutgoingMessage(kind: .step, requestID: 42, isReply: false)
        try message.addArray("actions", [Int32(3), -1, 7])
        try message.addTexts("replies", ["[4]", "", "héllo \\boxed{x}"])
        let parts = try message.parts()
        let incoming = try IncomingMessage(frames: parts)
        #expect(incoming.header.requestID == 42)
        #expect(try incoming.array("actions", as: Int32.self)?.values == [3, -1, 7])
        #expect(try incoming.texts("replies") == ["[4]", "", "héllo \\boxed{x}"])
        #expect(try incoming.array("missing", as: Int32.self) == nil)
    }
}
