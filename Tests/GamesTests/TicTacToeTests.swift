import Games
import Testing

@Suite("TicTacToe rules")
struct TicTacToeTests {
    let game = TicTacToe()

    func play(_ cells: [Int]) -> TicTacToe.State {
        var state = game.initialState()
        for cell in cells { game.apply(cell, to: &state) }
        return state
    }

    @Test func seatZeroMovesFirstAndSeatsAlternate() throws {
        #expect(game.currentPlayer(game.initialState()) == .seat(0))
        #expect(game.currentPlayer(play([4])) == .seat(1))
        #expect(game.currentPlayer(play([4, 0])) == .seat(0))
    }

    @Test func aRowWinsForItsOwner() throws {
        // x x x
        // o o .
        // . . .
        let state = play([0, 3, 1, 4, 2])
        #expect(game.isTerminal(state))
        #expect(game.returns(state) == [1, -1])
        #expect(game.legalActions(state).isEmpty)
    }

    @Test func aDiagonalWinsForSeatOne() throws {
        // x x o
        // x o .
        // o . .
        let state = play([0, 2, 1, 4, 3, 6])
        #expect(game.returns(state) == [-1, 1])
    }

    @Test func aFullBoardWithoutALineIsADraw() throws {
        // x o x
        // x o o
        // o x x
        let state = play([0, 1, 2, 4, 3, 5, 7, 6, 8])
        #expect(game.isTerminal(state))
        #expect(game.returns(state) == [0, 0])
    }

    @Test func legalActionsAreTheEmptyCellsInOrder() throws {
        #expect(game.legalActions(play([4, 0])) == [1, 2, 3, 5, 6, 7, 8])
        #expect(game.legalMask(play([4])) == [true, true, true, true, false, true, true, true, true])
    }

    @Test func theObservationUsesOpenSpielPlanes() throws {
        let observation = game.observation(play([4, 0]), seat: 1)
        #expect(observation.count == 27)
        #expect(observation[0] == 0 && observation[9 + 0] == 1 && observation[18 + 0] == 0)  // o in cell 0
        #expect(observation[4] == 0 && observation[9 + 4] == 0 && observation[18 + 4] == 1)  // x in cell 4
        #expect(observation[8] == 1)  // empty corner
        #expect(observation == game.observation(play([4, 0]), seat: 0))
    }

    @Test func theBoardStringRoundTrips() throws {
        let state = play([4, 0, 8])
        #expect(game.encodeState(state) == "o...x...x")
        #expect(try game.decodeState("o...x...x") == state)
        #expect(game.informationState(state, seat: 0) == "o..\n.x.\n..x")
    }

    @Test("impossible boards are rejected", arguments: ["xxx", "xxxxo....", "ooo......", "xxx.ooo..", "x.o..q..."])
    func impossibleBoards(text: String) throws {
        #expect(throws: GameError.self) { try game.decodeState(text) }
    }

    @Test func theTextFaceShowsANumberedBoardAndAvailableMoves() throws {
        let text = game.observationText(play([4]), seat: 1)
        #expect(text.contains(" 0 | 1 | 2 \n---+---+---\n 3 | X | 5 "))
        #expect(text.contains("Available Moves: '[0]', '[1]', '[2]', '[3]', '[5]', '[6]', '[7]', '[8]'"))
        #expect(game.observationText(play([4]), seat: 0).contains("Waiting for Player 1"))
    }

    @Test func theParserReadsTheLastBracketedCell() throws {
        let state = play([4])
        #expect(try game.parseAction("I think [0] but no, [8]", in: state).get() == 8)
        #expect(try game.parseAction("[ 3 ]", in: state).get() == 3)
    }

    @Test func theParserSaysWhyAMoveIsRejected() throws {
        let state = play([4])
        #expect(parseError("[4]", state)?.reason == "cell 4 is already taken")
        #expect(parseError("[9]", state)?.reason.contains("off the board") == true)
        #expect(parseError("the center", state)?.reason.contains("no move found") == true)
        #expect(parseError("the center", state)?.accepted.first == "[0]")
    }

    func parseError(_ text: String, _ state: TicTacToe.State) -> ActionParseError? {
        if case .failure(let error) = game.parseAction(text, in: state) { return error }
        return nil
    }

    /// OpenSpiel's numbers: 5478 distinct states (4520 non-terminal), 549,946 histories.
    @Test func theGameTreeHasOpenSpielsCounts() throws {
        var seen = Set<TicTacToe.State>()
        var histories = 0
        var nonTerminalHistories = 0
        func walk(_ state: TicTacToe.State) {
            histories += 1
            seen.insert(state)
            guard !game.isTerminal(state) else { return }
            nonTerminalHistories += 1
            for action in game.legalActions(state) { walk(game.applying(action, to: state)) }
        }
        walk(game.initialState())
        #expect(seen.count == 5478)
        #expect(seen.filter { !game.isTerminal($0) }.count == 4520)
        #expect(histories == 549_946)
        #expect(nonTerminalHistories == 294_778)
    }

    /// docs/references.md: under uniform random play, first/second/draw are 58.5/28.8/12.7%.
    @Test func uniformRandomPlayOutcomeProbabilities() throws {
        func outcome(_ state: TicTacToe.State) -> (x: Double, o: Double, draw: Double) {
            guard !game.isTerminal(state) else {
                switch state.winner {
                case 0: return (1, 0, 0)
                case 1: return (0, 1, 0)
                default: return (0, 0, 1)
                }
            }
            let actions = game.legalActions(state)
            var total = (x: 0.0, o: 0.0, draw: 0.0)
            for action in actions {
                let next = outcome(game.applying(action, to: state))
                total.x += next.x / Double(actions.count)
                total.o += next.o / Double(actions.count)
                total.draw += next.draw / Double(actions.count)
            }
            return total
        }
        let result = outcome(game.initialState())
        #expect(abs(result.x - 0.585) < 0.001)
        #expect(abs(result.o - 0.288) < 0.001)
        #expect(abs(result.draw - 0.127) < 0.001)
    }
}

@Suite("TicTacToe line table")
struct TicTacToeLineTableTests {
    @Test func theLookupTableAgreesWithTheLinesOnEveryBoard() {
        for cells in UInt16(0)..<512 {
            #expect(TicTacToe.containsLineByTable(cells) == TicTacToe.containsLine(cells), "cells \(cells)")
        }
    }
}
