import GameScenarios
import Games
import Testing

/// Every expectation that does not hold is one issue, reported at the line of the test that
/// stated it, and saying what was expected and what the game did.
@Suite("Scenario: failures are reported where the rule is stated")
struct ScenarioFailureTests {
    /// After `[4] [0]`: seat 0 (x) to act, cells 0 and 4 taken.
    var board: Scenario<TicTacToe> {
        var board = Scenario(TicTacToe())
        board.play("[4]", "[0]")
        return board
    }

    @Test func whoActs() {
        let board = board
        expectIssue(containing: "after [4] [0]: expected seat 1 to act, but seat 0 is to act", atLine: #line) { board.expectActing(seat: 1) }
        expectIssue(containing: "expected a chance node, but seat 0 is to act", atLine: #line) { board.expectChanceNode() }
        expectIssue(containing: "expected the episode to be over, but seat 0 is to act", atLine: #line) { board.expectTerminal() }
    }

    @Test func returnsAndRoles() {
        let board = board
        expectIssue(containing: "expected returns [1.0, -1.0], got [0.0, 0.0]", atLine: #line) { board.expectReturns([1, -1]) }
        expectIssue(containing: "expected returns [0.0], got [0.0, 0.0]", atLine: #line) { board.expectReturns([0]) }
        expectIssue(containing: "expected seat 0 to be o, but it is x", atLine: #line) { board.expectRole(seat: 0, "o") }
        expectIssue(containing: "seat 2 is outside 0..<2", atLine: #line) { board.expectRole(seat: 2, "x") }
    }

    @Test func legalMoves() {
        let board = board
        expectIssue(containing: "expected '[4]' to be legal", atLine: #line) { board.expectLegal("[4]") }
        expectIssue(containing: "expected index 0 to be legal", atLine: #line) { board.expectLegal(indices: 0) }
        expectIssue(containing: "expected '[5]' to be illegal, but it plays [5]", atLine: #line) { board.expectIllegal("[5]") }
        expectIssue(containing: "expected index 5 to be illegal, but it is legal", atLine: #line) { board.expectIllegal(indices: 5) }
        expectIssue(containing: "expected legal indices [1, 2], got [1, 2, 3, 5, 6, 7, 8]", atLine: #line) { board.expectLegalIndices([1, 2]) }
        expectIssue(containing: "expected legal moves [\"[1]\"], got", atLine: #line) { board.expectLegalMoves(["[1]"]) }
    }

    @Test func whatASeatSees() {
        let board = board
        expectIssue(containing: "expected seat 1's prompt to contain 'You won'", atLine: #line + 1) {
            board.expectObservationText(seat: 1, contains: "You won")
        }
        expectIssue(containing: "expected seat 0's prompt not to contain 'Tic Tac Toe'", atLine: #line + 1) {
            board.expectObservationText(seat: 0, excludes: "Tic Tac Toe")
        }
        expectIssue(containing: "expected seat 0's observation to be non-zero at [0], but it is at", atLine: #line + 1) {
            board.expectObservation(seat: 0, nonzeroAt: [0])
        }
        expectIssue(containing: "expected seat 0's observation [0.0], got", atLine: #line) { board.expectObservation(seat: 0, equals: [0]) }
        expectIssue(containing: "seat -1 is outside 0..<2", atLine: #line) { board.expectObservationText(seat: -1, contains: "x") }
    }

    @Test func rejections() {
        let board = board
        expectIssue(containing: "expected '[5]' to be rejected, but it plays [5]", atLine: #line) { board.expectRejected("[5]") }
        expectIssue(containing: "expected index 5 to be rejected, but it plays [5]", atLine: #line) { board.expectRejected(index: 5) }
        expectIssue(containing: "'[4]' was rejected, but the error does not contain 'off the board': cell 4 is already taken", atLine: #line + 1) {
            board.expectRejected("[4]", because: "off the board")
        }
    }

    @Test func aMoveThatCannotBePlayedFailsTheScenarioAndSkipsTheRest() {
        var board = Scenario(TicTacToe())
        expectIssue(containing: "after [4]: '[4]' cannot be played: seat 1's reply is rejected: cell 4 is already taken", atLine: #line + 1) {
            board.play("[4]", "[4]", "[5]")
        }
        #expect(board.hasFailed)
        #expect(board.moveTexts == ["[4]"])
        // Skipped: these would fail, but the position they describe was never reached.
        board.play("[4]")
        board.expectActing(seat: 0)
        board.expectTerminal()
    }

    @Test func badIndicesAndChanceTextsNameWhatIsAccepted() {
        var board = Scenario(TicTacToe())
        expectIssue(containing: "index 9 cannot be played: seat 0's index is rejected: action 9 is outside 0..<9", atLine: #line) { board.play(9) }
        var hand = Scenario(KuhnPoker())
        expectIssue(
            containing: "'[deal A]' cannot be played: no chance outcome has this text; the outcomes are [deal J], [deal Q], [deal K]",
            atLine: #line + 1
        ) { hand.play("[deal A]") }
        var other = Scenario(KuhnPoker())
        expectIssue(containing: "index 7 cannot be played: no chance outcome has this index; the outcomes are 0, 1, 2", atLine: #line + 1) {
            other.play(7)
        }
        var finished = Scenario(TicTacToe(), encodedState: "xxxoo....")
        expectIssue(containing: "at state 'xxxoo....': '[8]' cannot be played: the episode is over", atLine: #line) { finished.play("[8]") }
    }

    @Test func anUndecodableStateIsAnIssueAtTheScenariosLine() {
        var board: Scenario<TicTacToe>?
        expectIssue(
            containing: "tic_tac_toe cannot decode 'xxxxo....': tic_tac_toe: cannot decode state: 4 x and 1 o cannot happen", atLine: #line + 2
        ) {
            board = Scenario(TicTacToe(), encodedState: "xxxxo....")
        }
        #expect(board?.hasFailed == true)
    }
}
