import Games
import Solvers
import Testing

@Suite("Games the solvers refuse")
struct GameStructureErrorTests {
    @Test func aSeatThatForgetsItsOwnMoveIsRefused() throws {
        #expect(throws: SolverError.imperfectRecall(game: "forgetful", informationState: "same")) {
            _ = try GameTree(ForgetfulGame(mode: "repeat"))
        }
    }

    @Test func informationStatesBelowEachOtherAreRefused() throws {
        #expect {
            _ = try GameTree(ForgetfulGame(mode: "swap"))
        } throws: { error in
            guard case .imperfectRecall(_, let state)? = error as? SolverError else { return false }
            return state == "A" || state == "B"
        }
    }

    @Test func anInformationStateWithTwoSetsOfLegalActionsIsABug() throws {
        let expected = SolverError.inconsistentInformationState(
            game: "forgetful(mode=inconsistent)", informationState: "same",
            reason: "one history allows actions [0, 1], another [0, 1, 2]")
        #expect(throws: expected) {
            _ = try GameTree(ForgetfulGame(mode: "inconsistent"))
        }
        #expect(expected.description.contains("bug in the game's rules"))
    }

    @Test func stateCountsDoNotNeedPerfectRecall() throws {
        let counts = try StateEnumeration.count(ForgetfulGame(mode: "swap"))
        #expect(counts.decisionStates == 1 + 2 + 4)
        #expect(counts.terminalStates == 8)
        #expect(counts.informationStates == 3)  // "same" (the first decision), A, B
    }
}
