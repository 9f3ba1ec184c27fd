import Testing

@testable import Bridge

@Suite("ZeroMQ messages")
struct ZMQMessageTests {
    /// A message libzmq cannot allocate throws, and the half-made message is freed once: a
    /// failed initialiser must not leave its deinit a pointer it already freed.
    @Test func aMessageTooLargeToAllocateThrowsAndDoesNotCrash() throws {
        for _ in 0..<3 {
            #expect(throws: ZMQError.self) { _ = try ZMQMessage(size: Int.max) }
        }
        // The allocator is intact afterwards.
        let message = try ZMQMessage(copying: [1, 2, 3])
        #expect(message.array == [1, 2, 3])
    }
}
