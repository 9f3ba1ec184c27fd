import Games
import Solvers
import Testing

/// OpenSpiel's published numbers for Kuhn Poker (open_spiel/python/algorithms/exploitability_test.py,
/// best_response_test.py, open_spiel/games/kuhn_poker/kuhn_poker_test.cc).
@Suite("Kuhn Poker exact values")
struct KuhnExactValueTests {
    let tree: GameTree

    init() throws {
        tree = try GameTree(KuhnPoker())
    }

    @Test func theUniformPolicyIsExploitableByOpenSpielsNumbers() {
        let evaluation = tree.evaluate(tree.uniformPolicy())
        #expect(abs(evaluation.exploitability - 0.4583333333333335) < 1e-12)
        #expect(abs(evaluation.nashConv - 11.0 / 12) < 1e-12)
        #expect(abs(evaluation.bestResponseValues[0] - 0.5) < 1e-12)
        #expect(abs(evaluation.bestResponseValues[1] - 0.416666666667) < 1e-12)
        // Random play: seat 0 wins 0.125 a hand on average (docs/references.md).
        #expect(abs(evaluation.policyValues[0] - 0.125) < 1e-12)
        #expect(abs(evaluation.policyValues[1] + 0.125) < 1e-12)
    }

    @Test func alwaysPassingHasNashConvTwo() {
        let alwaysPass = tree.purePolicy { _, _ in KuhnPoker.pass }
        #expect(abs(tree.evaluate(alwaysPass).nashConv - 2) < 1e-12)
    }

    @Test func threePlayerUniformNashConvIsOpenSpiels() throws {
        let three = try GameTree(KuhnPoker(["players": .int(3)]))
        #expect(abs(three.evaluate(three.uniformPolicy()).nashConv - 2.0625) < 1e-12)
    }

    /// OpenSpiel's optimal family: seat 0 bets a Jack with probability alpha, calls with a
    /// Queen with alpha + 1/3 and bets a King with 3 alpha; seat 1 bluffs a Jack after a check
    /// one time in three and calls a bet with a Queen one time in three.
    @Test("the analytic equilibrium family is unexploitable and worth -1/18", arguments: [0.0, 1.0 / 6, 1.0 / 3])
    func equilibriumFamily(alpha: Double) throws {
        let betting: [String: Double] = [
            "0": alpha, "0pb": 0, "1": 0, "1pb": alpha + 1.0 / 3, "2": 3 * alpha, "2pb": 1,
            "0p": 1.0 / 3, "0b": 0, "1p": 0, "1b": 1.0 / 3, "2p": 1, "2b": 1,
        ]
        var policy = TabularPolicy(for: KuhnPoker())
        for (state, bet) in betting {
            try policy.setProbabilities([1 - bet, bet], forInformationState: state)
        }
        let (treePolicy, missing) = try tree.treePolicy(from: policy)
        #expect(missing.isEmpty)
        let evaluation = tree.evaluate(treePolicy)
        #expect(abs(evaluation.exploitability) < 1e-12)
        #expect(abs(evaluation.policyValues[0] + 1.0 / 18) < 1e-12)
    }

    @Test func theBestResponseToUniformIsPureAndEarnsItsValue() {
        let uniform = tree.uniformPolicy()
        let response = tree.bestResponse(seat: 1, against: uniform)
        // Playing the response against uniform seat 0 earns exactly the best-response value.
        #expect(abs(tree.expectedReturns(response.policy)[1] - response.value) < 1e-12)
        for index in 0..<tree.informationStateCount where tree.seat(ofInformationState: index) == 1 {
            #expect(response.policy.probabilities(ofInformationState: index, in: tree).sorted() == [0, 1])
        }
        // Holding the King, seat 1 always bets or calls.
        for state in ["2p", "2b"] {
            let index = tree.informationStateIndex(state, seat: 1) ?? -1
            #expect(Array(response.policy.probabilities(ofInformationState: index, in: tree)) == [0, 1])
        }
    }

    /// Under SPIRAL's KuhnPoker-v1 rules (`preset=spiral_v1`) a call costs nothing, so folding
    /// never gains: never folding is an equilibrium worth 0, every hand goes to showdown, and
    /// the exact solvers find that with the generic tree (no standard-rule assumptions).
    @Test func spiralsOneHandIsWorthNothingAndNeverFolding() throws {
        let spiral = try GameTree(KuhnPoker(["preset": .string("spiral_v1"), "rounds": .int(1)]))
        let alwaysBet = spiral.purePolicy { _, _ in KuhnPoker.bet }
        let evaluation = spiral.evaluate(alwaysBet)
        #expect(abs(evaluation.exploitability) < 1e-12)
        #expect(abs(evaluation.policyValues[0]) < 1e-12)
        // Kuhn Poker's rules make the same policy exploitable: calling with a Jack costs 2.
        #expect(tree.evaluate(tree.purePolicy { _, _ in KuhnPoker.bet }).exploitability > 0.1)
        var solver = CFRSolver(tree: spiral, algorithm: .cfrPlus)
        solver.run(iterations: 200)
        let solved = solver.tree.evaluate(solver.averagePolicy)
        #expect(solved.exploitability < 1e-3)
        #expect(abs(solved.policyValues[0]) < 1e-3)
    }
}
