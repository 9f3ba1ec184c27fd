import GameScenarios
import Games
import Testing

@Suite("TicTacToe rules, as scenarios")
struct TicTacToeRuleTests {
    @Test func aCompletedRowWinsAtOnce() {
        var board = Scenario(TicTacToe())
        board.play("[0]", "[3]", "[1]", "[4]")
        board.expectActing(seat: 0)
        board.expectNotTerminal()
        board.play("[2]")  // x x x on the top row
        board.expectTerminal()
        board.expectReturns([1, -1])
        board.expectLegalMoves([])
        board.expectObservationText(seat: 0, contains: "Game over: you won.")
        board.expectObservationText(seat: 1, contains: "Game over: Player 0 won.")
    }

    @Test func aFullBoardWithoutALineIsADraw() {
        // x o x / x o o / o x x
        var board = Scenario(TicTacToe())
        board.play(0, 1, 2, 4, 3, 5, 7, 6, 8)
        board.expectTerminal()
        board.expectReturns([0, 0])
        board.expectObservationText(seat: 1, contains: "the board is full, a draw")
    }

    @Test func anOccupiedCellIsRejectedThroughBothFaces() {
        var board = Scenario(TicTacToe())
        board.play("[4]")
        board.expectRejected("[4]", because: "cell 4 is already taken")
        board.expectRejected(index: 4, because: "action 4 is not legal now")
        board.expectIllegal("[4]")
        board.expectLegal("[0]", "[8]")
    }

    @Test func seatsAlternateAndSeeTheSameBoard() {
        var board = Scenario(TicTacToe(), encodedState: "x...o....")
        board.expectActing(seat: 0)
        board.play("[8]")
        board.expectActing(seat: 1)
        // Planes: empty cells, then o, then x (OpenSpiel's layout), the same for both seats.
        let expected = [1, 2, 3, 5, 6, 7, 9 + 4, 18 + 0, 18 + 8]
        board.expectObservation(seat: 0, nonzeroAt: expected)
        board.expectObservation(seat: 1, nonzeroAt: expected)
    }
}
