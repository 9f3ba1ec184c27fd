import GameScenarios
import Games
import Testing

@Suite("Scenario: scripts and expectations that pass")
struct ScenarioTests {
    @Test func textMovesAndIndicesPlayThroughEitherFace() {
        var game = Scenario(TicTacToe())
        game.play("I take the centre: [4]")
        game.play(0)
        #expect(game.moveTexts == ["[4]", "[0]"])
        #expect(game.actions == [4, 0])
        game.expectActing(seat: 0)
        game.expectLegalIndices([1, 2, 3, 5, 6, 7, 8])
        game.expectLegalMoves(["[1]", "[2]", "[3]", "[5]", "[6]", "[7]", "[8]"])
        game.expectLegal("[1]", "[8]")
        game.expectLegal(indices: 1, 8)
        game.expectIllegal("[4]", "[0]", "[9]", "no move at all")
        game.expectIllegal(indices: 0, 4, 9, -1)
        game.expectNotTerminal()
        game.expectReturns([0, 0])
    }

    @Test func chanceOutcomesAreNamedByTheirTextOrIndex() {
        var hand = Scenario(KuhnPoker())
        hand.expectChanceNode()
        hand.play("[deal K]")
        hand.play(0)  // the jack: Kuhn numbers chance outcomes by card
        hand.expectActing(seat: 0)
        hand.expectObservationText(seat: 0, contains: "Your card is: K")
        hand.expectObservationText(seat: 1, contains: "Your card is: J")
        hand.expectObservationText(seat: 1, excludes: "Your card is: K")
        #expect(hand.moveTexts == ["[deal K]", "[deal J]"])
    }

    @Test func playChanceDrawsWhatAnEpisodeWithTheSameSeedDraws() {
        let game = KuhnPoker()
        for seed: UInt64 in 0..<8 {
            var hand = Scenario(game)
            hand.playChance(seed: seed)
            #expect(hand.state == Episode(game, seed: seed).state)
            hand.expectActing(seat: 0)
        }
    }

    @Test func anEncodedStateIsAStartingPosition() {
        var board = Scenario(TicTacToe(), encodedState: "xx.oo....")
        board.expectActing(seat: 0)
        board.play("[2]")
        board.expectTerminal()
        board.expectReturns([1, -1])
    }

    @Test func aStateValueIsAStartingPosition() throws {
        let game = TicTacToe()
        let board = Scenario(game, state: try game.decodeState("xoxoxo..."))
        board.expectActing(seat: 0)
        board.expectLegalIndices([6, 7, 8])
    }

    @Test func typedActionsAreCheckedLegalAndPlayed() {
        var board = Scenario(TicTacToe())
        board.play(actions: 4, 0)
        board.expectObservation(seat: 0, nonzeroAt: [1, 2, 3, 5, 6, 7, 8, 9 + 0, 18 + 4])
    }

    @Test func rejectedMovesGiveTheGamesError() throws {
        var board = Scenario(TicTacToe())
        board.play("[4]")
        let taken = try #require(board.expectRejected("[4]", because: "already taken"))
        #expect(taken.accepted == ["[0]", "[1]", "[2]", "[3]", "[5]", "[6]", "[7]", "[8]"])
        board.expectRejected("no brackets here", because: "no move found")
        let occupied = try #require(board.expectRejected(index: 4, because: "not legal now"))
        #expect(occupied.accepted == ["0", "1", "2", "3", "5", "6", "7", "8"])
        board.expectRejected(index: 9, because: "outside 0..<9")
        // A rejection leaves the position as it was.
        board.expectActing(seat: 1)
        #expect(board.moveTexts == ["[4]"])
    }

    @Test func aLegalPlayCanBeReplayedAsAScenario() {
        let play = LegalPlay(TicTacToe(), choices: [0, 0, 0, 0, 0])
        let board = Scenario(replaying: play)
        #expect(board.moveTexts == ["[0]", "[1]", "[2]", "[3]", "[4]"])
        board.expectNotTerminal()
        board.expectActing(seat: 1)
    }
}
