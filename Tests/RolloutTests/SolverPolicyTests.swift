import Foundation
import Games
import Rollout
import Solvers
import Testing

@Suite("Policies from the solvers")
struct SolverPolicyTests {
    /// CFR's policy for one seat and uniform play for the other, as one tree policy.
    func mixed(_ tree: GameTree, cfr: TreePolicy, cfrSeat: Int) -> TreePolicy {
        var profile = tree.uniformPolicy()
        for state in 0..<tree.informationStateCount where tree.seat(ofInformationState: state) == cfrSeat {
            for slot in tree.slots(ofInformationState: state) { profile.probabilities[slot] = cfr.probabilities[slot] }
        }
        return profile
    }

    /// The sampled mean return of CFR against uniform random matches the exact value the
    /// solvers compute for that pair, within four standard errors of the sample.
    @Test func cfrAgainstRandomMatchesTheExactValue() throws {
        let game = KuhnPoker()
        let tree = try GameTree(game)
        var solver = CFRSolver(tree: tree, algorithm: .cfrPlus)
        solver.run(iterations: PolicyCatalog.cfrIterations)
        let cfr = solver.averagePolicy
        // Seats alternate, so the expected score is the mean of CFR's value in each seat.
        let asSeatZero = tree.expectedReturns(mixed(tree, cfr: cfr, cfrSeat: 0))[0]
        let asSeatOne = tree.expectedReturns(mixed(tree, cfr: cfr, cfrSeat: 1))[1]
        let exact = (asSeatZero + asSeatOne) / 2

        let policies = try ["cfr", "random"].map { try PolicyCatalog.make($0, for: game) }
        let result = try Tournament.run(game: game, policies: policies, episodesPerPairing: 200_000, options: RolloutOptions(seed: 12))
        let pairing = try #require(result.pairings.first)
        let standardError = pairing.meanReturnInterval / 1.96
        #expect(standardError > 0)
        #expect(abs(pairing.meanReturn - exact) < 4 * standardError, "sampled \(pairing.meanReturn), exact \(exact), SE \(standardError)")
        // CFR beats random: the exact edge is clearly positive.
        #expect(exact > 0.1)
    }

    @Test func minimaxComesFromPerfectPlayAndCfrRefusesLargeGames() throws {
        #expect(throws: PolicyCatalog.UnknownPolicy.self) { try PolicyCatalog.make("cfr", for: KuhnPoker(["players": .int(10)])) }
        #expect(throws: PolicyCatalog.UnknownPolicy.self) { try PolicyCatalog.make("tabular:/nonexistent/policy.json", for: KuhnPoker()) }
        #expect(try PolicyCatalog.make("minimax", for: TicTacToe()).name == "minimax")
    }

    @Test func aTabularFileWithAnotherActionCountIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UInt64.random(in: 0...UInt64.max)).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = #"{"format": "selfplay.tabular_policy", "version": 1, "game": "kuhn_poker", "action_count": 900000000000000, "policy": {}}"#
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try PolicyCatalog.make("tabular:\(path)", for: KuhnPoker())
        } throws: { error in
            "\(error)".contains("the policy has 900000000000000 action indices per information state; the game has 2")
        }
    }
}
