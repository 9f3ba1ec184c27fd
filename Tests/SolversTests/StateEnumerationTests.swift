import Games
import Solvers
import Testing

@Suite("State enumeration and game trees")
struct StateEnumerationTests {
    @Test func kuhnHasOpenSpiels54StatesWithoutChance() throws {
        let counts = try StateEnumeration.count(KuhnPoker())
        #expect(counts.chanceStates == 4)
        #expect(counts.decisionStates == 24)
        #expect(counts.terminalStates == 30)
        #expect(counts.states - counts.chanceStates == 54)
        #expect(counts.informationStates == 12)
        // Every Kuhn state remembers its history, so histories and states coincide.
        #expect(counts.histories == 58)
    }

    @Test func ticTacToeHas5478StatesAnd549946Histories() throws {
        let counts = try StateEnumeration.count(TicTacToe())
        #expect(counts.states == 5478)
        #expect(counts.nonTerminalStates == 4520)
        #expect(counts.chanceStates == 0)
        #expect(counts.histories == 549_946)
        #expect(counts.nonTerminalHistories == 294_778)
        #expect(counts.informationStates == 4520)
    }

    @Test func theKuhnTreeHasOneNodePerHistory() throws {
        let tree = try GameTree(KuhnPoker())
        #expect(tree.nodeCount == 58)
        #expect(tree.chanceNodeCount == 4)
        #expect(tree.decisionNodeCount == 24)
        #expect(tree.terminalCount == 30)
        #expect(tree.informationStateCount == 12)
        #expect(tree.slotCount == 24)
        #expect(tree.depth == 5)  // two deals, then at most three bets
    }

    @Test func theKuhnTreeKnowsOpenSpielsInformationStates() throws {
        let tree = try GameTree(KuhnPoker())
        let first = (0..<tree.informationStateCount).filter { tree.seat(ofInformationState: $0) == 0 }
        let second = (0..<tree.informationStateCount).filter { tree.seat(ofInformationState: $0) == 1 }
        #expect(Set(first.map(tree.informationState)) == ["0", "1", "2", "0pb", "1pb", "2pb"])
        #expect(Set(second.map(tree.informationState)) == ["0p", "1p", "2p", "0b", "1b", "2b"])
        let index = tree.informationStateIndex("1pb", seat: 0) ?? -1
        #expect(tree.legalActions(ofInformationState: index) == [KuhnPoker.pass, KuhnPoker.bet])
        #expect(tree.informationStateIndex("1pb", seat: 1) == nil)
    }

    @Test func theTicTacToeTreeWalksEveryHistory() throws {
        let tree = try #require(SharedTrees.ticTacToe)
        #expect(tree.nodeCount == 549_946)
        #expect(tree.nodeCount - tree.terminalCount == 294_778)
        #expect(tree.informationStateCount == 4520)
        #expect(tree.depth == 9)
    }

    @Test func aGameTooLargeIsRefusedByTheEstimateBeforeAnyWalk() throws {
        // Ten players: 11!/1! deals before any betting, far over the limit.
        let huge = try KuhnPoker(["players": .int(10)])
        #expect(TreeSizeEstimate.histories(of: huge) > 1e9)
        #expect {
            _ = try GameTree(huge)
        } throws: { error in
            guard case .gameTooLarge(let game, _, let limit, let estimate)? = error as? SolverError else { return false }
            return game == "kuhn_poker(players=10)" && limit == GameTree.defaultNodeLimit && estimate != nil
        }
    }

    @Test func theTreeWalkStopsAtTheLimit() {
        // TicTacToe's estimate is near its true size, so a limit just below it passes the
        // estimate and is enforced by the walk itself.
        #expect(throws: SolverError.gameTooLarge(game: "tic_tac_toe", counting: "histories", limit: 500_000, estimate: nil)) {
            _ = try GameTree(TicTacToe(), nodeLimit: 500_000)
        }
    }

    @Test func theStateWalkStopsAtTheLimit() throws {
        let big = try KuhnPoker(["players": .int(10)])
        #expect(throws: SolverError.gameTooLarge(game: "kuhn_poker(players=10)", counting: "states", limit: 10_000, estimate: nil)) {
            _ = try StateEnumeration.count(big, stateLimit: 10_000)
        }
    }

    @Test func theEstimateIsExactWhenBranchingDependsOnlyOnDepth() {
        // Kuhn: 3 deals, 2 deals, then betting whose shape does not depend on the cards.
        let estimate = TreeSizeEstimate.histories(of: KuhnPoker())
        #expect(estimate > 30 && estimate < 120)
        #expect(TreeSizeEstimate.histories(of: KuhnPoker(), probes: 1000) > 40)
    }

    @Test func tooLargeErrorsSayWhatToDoInstead() {
        let error = SolverError.gameTooLarge(game: "kuhn_poker(players=10)", counting: "histories", limit: 5_000_000, estimate: 3.2e12)
        #expect(error.description.contains("about 3.2e12 histories (estimated)"))
        #expect(error.description.contains("limit of 5000000"))
        #expect(error.description.contains("try a smaller one"))
    }
}
