// The text face of TicTacToe, close to TextArena's TicTacToe-v0: a numbered board and
// moves written `[4]`. TextArena calls seat 0 'O'; here seat 0 is 'X', as in OpenSpiel and
// the observation tensor, so the two faces agree.

extension TicTacToe {
    public func observationText(_ state: State, seat: Int) -> String {
        let mark = seat == 0 ? "X" : "O"
        let other = seat == 0 ? "O" : "X"
        var text = """
            [GAME] You are Player \(seat) in Tic Tac Toe. You play '\(mark)', your opponent plays '\(other)'; \
            Player 0 ('X') moves first.
            Your goal is to get three of your marks in a row (horizontally, vertically, or diagonally).
            On your turn, choose the number of an empty cell (0-8) and write it in square brackets: \
            for example '[4]' places your mark in the center cell.

            Current board:
            \(numberedBoard(state))

            """
        switch currentPlayer(state) {
        case .seat(let mover) where mover == seat:
            let moves = legalActionTexts(state).map { "'\($0)'" }.joined(separator: ", ")
            text += "Available Moves: \(moves)\nNext Action:"
        case .seat(let mover):
            text += "Waiting for Player \(mover)."
        case .terminal, .chance:
            if let winner = state.winner {
                text += winner == seat ? "Game over: you won." : "Game over: Player \(winner) won."
            } else {
                text += "Game over: the board is full, a draw."
            }
        }
        return text
    }

    /// The board with `X`, `O`, and the numbers of empty cells.
    public func numberedBoard(_ state: State) -> String {
        let rows = (0..<3).map { row in
            (0..<3).map { column -> String in
                let cell = row * 3 + column
                switch symbol(state, cell: cell) {
                case "x": return " X "
                case "o": return " O "
                default: return " \(cell) "
                }
            }.joined(separator: "|")
        }
        return rows.joined(separator: "\n---+---+---\n")
    }

    public func actionText(_ action: Int, in state: State) -> String { "[\(action)]" }

    /// Reads the last `[n]` in the reply.
    public func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> {
        let accepted = legalActionTexts(state)
        let numbers = TextCommands.bracketed(text).compactMap { Int($0.trimmingWhitespace()) }
        guard let cell = numbers.last else {
            return .failure(ActionParseError(reason: "no move found: write a cell number in brackets, like [4]", accepted: accepted))
        }
        guard (0..<9).contains(cell) else {
            return .failure(ActionParseError(reason: "cell \(cell) is off the board (cells are 0-8)", accepted: accepted))
        }
        guard state.occupied & (1 << UInt16(cell)) == 0 else {
            return .failure(ActionParseError(reason: "cell \(cell) is already taken", accepted: accepted))
        }
        guard !state.isOver else {
            return .failure(ActionParseError(reason: "the game is over", accepted: []))
        }
        return .success(cell)
    }
}
