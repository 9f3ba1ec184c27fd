import Foundation

@testable import Bridge

/// A `games serve` server on loopback ports in this process, and one client of it: a DEALER
/// that sends the fuzzed requests, and a trainer's PULL socket that takes every trajectory
/// message (so that no request waits on a trainer).
///
/// A crash or sanitizer report anywhere in the server ends the process, which libFuzzer
/// reports with the input that caused it. Limits are small so that inputs stay fast.
/// (Unchecked `Sendable`: after `init` only the server's own thread touches `server`.)
final class FuzzClient: @unchecked Sendable {
    let server: BridgeServer
    private let context: ZMQContext
    private let dealer: ZMQSocket
    private let trainer: ZMQSocket

    init() throws {
        let limits = BridgeLimits(
            maxMemoryBytes: 512 << 20, maxVectorsPerClient: 8, maxGamesPerClient: 256, maxUnreadReplies: 16,
            maxUnreadBytes: 16 << 20, maxSolveNodes: 20_000)
        server = try BridgeServer(
            options: BridgeServerOptions(
                requestEndpoint: "tcp://127.0.0.1:*", trajectoryEndpoint: "tcp://127.0.0.1:*", maxMessageBytes: 1 << 20,
                idleTimeout: 2, busyPollSeconds: 0.001, limits: limits))
        context = try ZMQContext()
        dealer = try ZMQSocket(context, type: .dealer)
        try dealer.set(.receiveTimeout, Int32(5_000))
        try dealer.set(.linger, Int32(0))
        try dealer.connect(server.boundRequestEndpoint)
        trainer = try ZMQSocket(context, type: .pull)
        try trainer.set(.linger, Int32(0))
        try trainer.connect(server.boundTrajectoryEndpoint)
        Thread.detachNewThread { [self] in
            do {
                try self.server.run(drainSeconds: 0)
            } catch {
                fatalError("the server stopped: \(error)")
            }
        }
    }

    /// Sends one request and returns its reply, or nil when none came within 5 s (a
    /// request the server holds for a solve, or one it refused to answer).
    func request(_ frames: [[UInt8]]) throws -> IncomingMessage? {
        _ = try dealer.send(try frames.map { try ZMQMessage(copying: $0) })
        guard var reply = try dealer.receive() else { return nil }
        while try trainer.receive(dontWait: true) != nil {}
        // A leading empty frame is a REQ socket's delimiter: the server echoes it.
        if frames.first?.isEmpty == true, reply.first?.count == 0 { reply.removeFirst() }
        return try IncomingMessage(frames: reply)
    }
}
