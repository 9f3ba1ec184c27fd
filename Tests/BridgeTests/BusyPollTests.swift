import Testing

@testable import Bridge

/// The server's loop with busy polling off, at its default and longer than the test: requests
/// are answered, trajectories go out, and the server stops when asked, whether it sleeps
/// between requests or not.
@Suite("Bridge server busy polling", .serialized)
struct BusyPollTests {
    @Test("requests and trajectories are served", arguments: [0, 0.001, 60])
    func servesAndStops(busyPollSeconds: Double) throws {
        let running = try RunningServer(busyPollSeconds: busyPollSeconds)
        let context = try ZMQContext()
        let client = try TestClient(running.server.boundRequestEndpoint, context: context)
        let vector = try client.make("tic_tac_toe", trajectories: true)
        _ = try client.reset(vector)
        // x takes the top row while o plays 3 and 4: the game ends on x's third move, and
        // auto-reset starts the next.
        let game: [Int32] = [0, 3, 1, 4, 2]
        for action in game {
            #expect(try client.request(try client.stepMessage(vector, actions: [action])).header.kind == .step)
        }
        // No trainer yet: the episode waits in the server's queue, and so does the next step.
        let waiting = try client.stepMessage(vector, actions: [0])
        try client.socket.send(try waiting.parts())
        // A trainer connects: the server's loop (busy polling or asleep) must send the
        // episode, then answer the step.
        let trainer = try ZMQSocket(context, type: .pull)
        try trainer.set(.receiveTimeout, Int32(20_000))
        try trainer.connect(running.server.boundTrajectoryEndpoint)
        var episodes = 0
        let first = try #require(try trainer.receive(), "a trajectory message within 20 s")
        episodes += Int(try IncomingMessage(frames: first).header.trajectories.episodeCount)
        let answered = try IncomingMessage(frames: try #require(try client.socket.receive(), "the waiting step's reply"))
        #expect(answered.header.requestID == waiting.header.requestID)
        #expect(answered.header.kind == .step)
        // Two more games with the trainer connected.
        for action in game.dropFirst() + game {
            #expect(try client.request(try client.stepMessage(vector, actions: [action])).header.kind == .step)
        }
        while episodes < 3 {
            let parts = try #require(try trainer.receive(), "a trajectory message within 20 s")
            episodes += Int(try IncomingMessage(frames: parts).header.trajectories.episodeCount)
        }
        #expect(episodes == 3)
        running.stop()
    }

    @Test("a negative or infinite busy-poll time is refused", arguments: [-1, Double.infinity, .nan])
    func badTimes(busyPollSeconds: Double) {
        #expect(throws: BridgeError.self) {
            _ = try BridgeServer(
                options: BridgeServerOptions(
                    requestEndpoint: "tcp://127.0.0.1:*", trajectoryEndpoint: "tcp://127.0.0.1:*", busyPollSeconds: busyPollSeconds))
        }
    }
}
