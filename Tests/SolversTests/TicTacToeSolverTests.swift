import Games
import Solvers
import Testing

@Suite("TicTacToe exact values")
struct TicTacToeSolverTests {
    @Test func perfectPlayIsADraw() throws {
        let solution = try PerfectPlay.solve(TicTacToe())
        #expect(solution.rootValues == [0, 0])
        #expect(solution.stateCount == 5478)
    }

    @Test func perfectPlayTakesAnOpenWin() throws {
        let game = TicTacToe()
        let solution = try PerfectPlay.solve(game)
        // x x .
        // o o .
        // . . .      x to move: only cell 2 wins at once (5 would lose the race).
        let state = try game.decodeState("xx.oo....")
        #expect(solution.values(at: state) == [1, -1])
        #expect(solution.optimalActions(at: state) == [2])
    }

    @Test func thePerfectPlayPolicyIsUnexploitable() throws {
        let game = TicTacToe()
        let policy = try PerfectPlay.solve(game).tabularPolicy()
        let tree = try #require(SharedTrees.ticTacToe)
        let (treePolicy, missing) = try tree.treePolicy(from: policy)
        #expect(missing.isEmpty)
        let evaluation = tree.evaluate(treePolicy)
        #expect(abs(evaluation.nashConv) < 1e-12)
        #expect(evaluation.policyValues == [0, 0])
    }

    @Test func uniformPlayHasOpenSpielsNashConv() throws {
        let tree = try #require(SharedTrees.ticTacToe)
        let evaluation = tree.evaluate(tree.uniformPolicy())
        #expect(abs(evaluation.nashConv - 1.919659391534391) < 1e-12)
        // Random play: x wins 58.5%, o 28.8% (docs/references.md), so x's value is about 0.297.
        #expect(abs(evaluation.policyValues[0] - 0.2968) < 0.001)
    }

    @Test func minimaxRefusesHiddenInformation() {
        #expect {
            _ = try PerfectPlay.solve(KuhnPoker())
        } throws: { error in
            guard case .notPerfectInformation(let game, _)? = error as? SolverError else { return false }
            return game == "kuhn_poker"
        }
    }
}
