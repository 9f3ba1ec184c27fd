import Foundation
import Games
import Rollout
import Solvers
import Testing

@testable import Bridge

/// A directory with a saved Kuhn Poker policy, a subdirectory, links in and out, removed
/// when the test ends.
final class PolicyFixture {
    let directory: String
    let outside: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("selfplay-policies-\(UUID().uuidString)").path
        directory = base + "/policies"
        outside = base + "/outside.json"
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        let policy = try PolicyCatalog.solveCFR(KuhnPoker())
        try policy.save(to: directory + "/kuhn.json")
        try policy.save(to: outside)
        try FileManager.default.createSymbolicLink(atPath: directory + "/inside-link.json", withDestinationPath: directory + "/kuhn.json")
        try FileManager.default.createSymbolicLink(atPath: directory + "/outside-link.json", withDestinationPath: outside)
    }

    deinit { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
}

@Suite("Wire opponents", .serialized)
struct OpponentTests {
    @Test func aPolicyDirectoryResolvesNamesInsideItAndNothingElse() throws {
        let fixture = try PolicyFixture()
        let directory = try PolicyDirectory(fixture.directory)
        #expect(directory.file(named: "kuhn.json") != nil)
        #expect(directory.file(named: "inside-link.json") != nil)
        #expect(directory.file(named: "sub/../kuhn.json") == nil)
        for refused in ["", "missing.json", "sub", "outside-link.json", "../outside.json", fixture.outside, "/etc/passwd", "../../../../etc/passwd"] {
            #expect(directory.file(named: refused) == nil, "\(refused)")
        }
    }

    /// Over the wire a client may read only the policy directory's files, and every refusal
    /// reads the same, so it cannot tell a missing file from one it may not read.
    @Test func aTabularOpponentIsReadOnlyFromThePolicyDirectoryWithOneRefusalForEverythingElse() throws {
        let fixture = try PolicyFixture()
        let running = try RunningServer(limits: BridgeLimits(policyDirectory: fixture.directory))
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        func make(_ opponent: String) throws -> IncomingMessage {
            try client.make {
                $0.game = "kuhn_poker"; $0.opponent = opponent; $0.agentSeats = [0]
            }
        }
        #expect(try make("tabular:kuhn.json").header.kind == .make)
        var refusals: Set<String> = []
        for name in ["missing.json", "sub", "outside-link.json", "../outside.json", fixture.outside, "/etc/passwd", "/etc/shadow"] {
            let refused = try make("tabular:" + name)
            #expect(refused.header.error.code == .invalidArgument)
            refusals.insert(refused.header.error.message)
        }
        #expect(refusals == [PolicyDirectory.refusal])
        // Without a policy directory, the same answer for a file that exists.
        let bare = try RunningServer()
        defer { bare.stop() }
        let other = try TestClient(bare.server.boundRequestEndpoint, context: try ZMQContext())
        let refused = try other.make {
            $0.game = "kuhn_poker"; $0.opponent = "tabular:" + fixture.outside; $0.agentSeats = [0]
        }
        #expect(refused.header.error.message == PolicyDirectory.refusal)
    }

    /// A file whose `action_count` is not the game's used to load, and the opponent's first
    /// move allocated that many probabilities: a server killer for a wrong or hostile file.
    @Test func aTabularOpponentWithAnotherActionCountIsRefused() throws {
        let fixture = try PolicyFixture()
        let wide = #"{"format": "selfplay.tabular_policy", "version": 1, "game": "kuhn_poker", "action_count": 900000000000000, "policy": {}}"#
        try wide.write(toFile: fixture.directory + "/wide.json", atomically: true, encoding: .utf8)
        let running = try RunningServer(limits: BridgeLimits(policyDirectory: fixture.directory))
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let refused = try client.make {
            $0.game = "kuhn_poker"; $0.opponent = "tabular:wide.json"; $0.agentSeats = [1]
        }
        #expect(refused.header.error.code == .invalidArgument)
        #expect(refused.header.error.message.contains("the policy has 900000000000000 action indices per information state; the game has 2"))
    }

    /// `cfr` is solved once per game, off the serving thread: while the solve runs (held
    /// here by the hook) another client is served, and later vectors reuse the solution.
    @Test func aCFROpponentIsSolvedOnceWhileOtherClientsAreServed() throws {
        let hold = DispatchSemaphore(value: 0)
        let running = try RunningServer(beforeSolve: { _ in hold.wait() })
        defer { running.stop() }
        let context = try ZMQContext()
        let first = try TestClient(running.server.boundRequestEndpoint, context: context)
        let second = try TestClient(running.server.boundRequestEndpoint, context: context)
        func makeMessage(_ client: TestClient) -> OutgoingMessage {
            var make = client.message(.make)
            make.header.make = WireMakeRequest.with {
                $0.game = "kuhn_poker"; $0.batchSize = 2; $0.opponent = "cfr"; $0.agentSeats = [1]
            }
            return make
        }
        try first.socket.send(try makeMessage(first).parts())
        try second.socket.send(try makeMessage(second).parts())
        // Both MAKEs wait for the one solve; the server answers everything else meanwhile.
        #expect(try second.request(second.message(.listGames)).header.kind == .listGames)
        hold.signal()
        for client in [first, second] {
            let made = try IncomingMessage(frames: try #require(try client.socket.receive()))
            #expect(made.header.kind == .make)
        }
        #expect(
            try first.make {
                $0.game = "kuhn_poker"; $0.opponent = "cfr"; $0.agentSeats = [0]
            }.header.kind == .make)
        #expect(running.server.opponents.solvesStarted == 1)
    }

    @Test func aSolveOverTheNodeLimitIsRefusedNamingIt() throws {
        let running = try RunningServer(limits: BridgeLimits(maxSolveNodes: 20))
        defer { running.stop() }
        let client = try TestClient(running.server.boundRequestEndpoint, context: try ZMQContext())
        let refused = try client.make {
            $0.game = "kuhn_poker"; $0.opponent = "cfr"; $0.agentSeats = [0]
        }
        #expect(refused.header.error.code == .invalidArgument)
        #expect(refused.header.error.message.contains("games serve --max-solve-nodes"))
        let minimax = try client.make {
            $0.game = "tic_tac_toe"; $0.opponent = "minimax"; $0.agentSeats = [0]
        }
        #expect(minimax.header.error.message.contains("games serve --max-solve-nodes"))
    }
}
