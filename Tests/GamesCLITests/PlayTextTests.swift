import Games
import Testing

@testable import GamesCLI

@Suite("games play: reading moves")
struct MoveReaderTests {
    /// The action a line names, or nil with the reason it was refused or passed on.
    func move<G: Game>(_ line: String, _ game: G, _ state: G.State) -> (action: G.Action?, note: String) {
        switch MoveReader.read(line, game, state) {
        case .action(let action): return (action, "")
        case .text(let text): return (nil, "text: \(text)")
        case .refused(let reason): return (nil, reason)
        }
    }

    @Test func aBareCellNumberIsTheMoveInTicTacToe() throws {
        let game = TicTacToe()
        #expect(move("4", game, game.initialState()).action == 4)
        #expect(move(" 4 ", game, game.initialState()).action == 4)
        let taken = move("4", game, try game.replay([4]))
        #expect(taken.action == nil)
        #expect(taken.note == "4 is not a legal move now: no legal move is written [4] or has action index 4")
    }

    @Test func anythingButABareNumberGoesToTheGamesParser() {
        let game = TicTacToe()
        for line in ["[4]", "-1", "+4", "4.0", "", "four"] {
            #expect(move(line, game, game.initialState()).note == "text: \(line)")
        }
    }

    @Test func aBareNumberIsTheActionIndexWhereMovesAreWords() throws {
        let game = KuhnPoker()
        var state = game.initialState()
        while game.currentPlayer(state) == .chance { game.apply(game.chanceOutcomes(state)[0].action, to: &state) }
        #expect(move("1", game, state).action == 1)
        #expect(move("0", game, state).action == 0)
        #expect(MoveReader.indexedMoves(game, state) == "Moves by index: 0 [check], 1 [bet]")
        #expect(MoveReader.indexedMoves(TicTacToe(), TicTacToe().initialState()) == nil)
    }

    @Test func aNumberThatNamesTwoDifferentMovesIsRefusedAsAmbiguous() throws {
        let game = try NumberedGame([:])
        let start = game.initialState()
        // [1] is index 3, and index 1 is written [3].
        let ambiguous = move("1", game, start)
        #expect(ambiguous.action == nil)
        #expect(ambiguous.note == "1 is ambiguous: [1] is one move and action index 1 is [3]; write the move out")
        // [2] is index 2: one move either way.
        #expect(move("2", game, start).action == 2)
        // Only written: [9] is index 5. Only an index: nothing is written [5].
        #expect(move("9", game, start).action == 5)
        #expect(move("5", game, start).action == 5)
        #expect(move("7", game, start).note.hasPrefix("7 is not a legal move now"))
    }
}

@Suite("games play: showing what is new")
struct SeenTextTests {
    @Test func aSeatSeesItsFirstPromptWholeThenOnlyWhatChanged() {
        var seen = SeenText()
        let rules = "You are Player 0.\nRules: be nice."
        #expect(seen.unseenPart(of: rules + "\nYour card: K\nYour move:", seat: 0) == rules + "\nYour card: K\nYour move:")
        #expect(seen.unseenPart(of: rules + "\nYour card: K\n[Player 1] [bet]\nYour move:", seat: 0) == "[Player 1] [bet]\nYour move:")
        // Another seat has seen nothing yet.
        #expect(seen.unseenPart(of: rules, seat: 1) == rules)
        // Nothing new: nothing to show.
        #expect(seen.unseenPart(of: rules, seat: 1) == "")
    }

    @Test func aBlockAfterABlankLineIsRedrawnWhole() {
        var seen = SeenText()
        let rules = "Rules.\n"
        _ = seen.unseenPart(of: rules + "\nBoard:\n . . \n . . \nMoves: all", seat: 0)
        #expect(seen.unseenPart(of: rules + "\nBoard:\n . . \n . X \nMoves: some", seat: 0) == "Board:\n . . \n . X \nMoves: some")
    }
}

@Suite("games: command-line helpers")
struct CommandLineHelperTests {
    @Test func seatsAreNamedInWords() {
        #expect(seatRange(2) == "0 or 1")
        #expect(seatRange(3) == "0, 1 or 2")
        #expect(seatRange(7) == "between 0 and 6")
    }

    @Test func usageErrorsNameTheSubcommandsPath() {
        #expect(GamesCommand.commandPath(to: BenchRAECommand.self) == ["games", "bench", "rae"])
        #expect(GamesCommand.commandPath(to: PlayCommand.self) == ["games", "play"])
    }

    @Test func rolloutSeatsOnePolicyPerSeat() throws {
        let perSeat = try RolloutCommand.assignment(policyCount: 3, seatCount: 3, game: "kuhn_poker(players=3)")
        #expect((0..<3).map { perSeat.policy(episode: 5, seat: $0, role: 0) } == [0, 1, 2])
        let alternating = try RolloutCommand.assignment(policyCount: 2, seatCount: 3, game: "kuhn_poker(players=3)")
        #expect((0..<3).map { alternating.policy(episode: 1, seat: $0, role: 0) } == [1, 0, 1])
        #expect(throws: (any Error).self) { try RolloutCommand.assignment(policyCount: 4, seatCount: 3, game: "kuhn_poker(players=3)") }
    }
}
