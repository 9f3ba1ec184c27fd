import Foundation
import Games

/// How `games play` reads a typed line.
///
/// A bare number N (nothing else on the line) is read as a move: the legal move written `[N]`
/// or, when there is none, the legal move whose action index is N. TicTacToe's `4` is `[4]`
/// either way; Kuhn Poker's `1` is action 1 (`[bet]` or `[call]`). When `[N]` and index N are
/// two different legal moves (a game whose moves are written with numbers that are not their
/// indices), the number is refused as ambiguous. Anything else goes to the game's own parser,
/// as an LLM's reply would.
enum MoveReader {
    /// What a line turned out to be.
    enum Reading<Action> {
        /// A bare number that names one legal move.
        case action(Action)
        /// Text for the game's parser.
        case text(String)
        /// A bare number that names no legal move, or two: why, for the player.
        case refused(String)
    }

    static func read<G: Game>(_ line: String, _ game: G, _ state: G.State) -> Reading<G.Action> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit), let number = Int(trimmed) else { return .text(line) }
        let legal = game.legalActions(state)
        let written = legal.first { game.actionText($0, in: state) == "[\(number)]" }
        let indexed = legal.first { game.actionIndex($0) == number }
        switch (written, indexed) {
        case (nil, nil):
            return .refused("\(number) is not a legal move now: no legal move is written [\(number)] or has action index \(number)")
        case (let move?, nil), (nil, let move?):
            return .action(move)
        case (let move?, let other?):
            if move == other { return .action(move) }
            return .refused(
                "\(number) is ambiguous: [\(number)] is one move and action index \(number) is \(game.actionText(other, in: state)); write the move out"
            )
        }
    }

    /// The most moves `indexedMoves` lists.
    static let indexListLimit = 20

    /// `Moves by index: 0 [check], 1 [bet]`, for games whose moves are not written as their
    /// indices and have few legal moves; nil otherwise (the prompt already says it all).
    static func indexedMoves<G: Game>(_ game: G, _ state: G.State) -> String? {
        let legal = game.legalActions(state)
        guard legal.count <= indexListLimit else { return nil }
        let entries = legal.map { (index: game.actionIndex($0), text: game.actionText($0, in: state)) }
        guard entries.contains(where: { $0.text != "[\($0.index)]" }) else { return nil }
        return "Moves by index: " + entries.map { "\($0.index) \($0.text)" }.joined(separator: ", ")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// What each seat has been shown, so that a turn prints only what is new to it.
///
/// A game's prompt repeats the rules and the history on every turn (an LLM reads it from
/// scratch each time); a person has read them. The first prompt of a seat is shown whole;
/// later ones from the first line that differs from the seat's previous prompt, or, when that
/// line sits in a block that follows a blank line (TicTacToe's board), from the block's start,
/// so a board is always redrawn whole.
struct SeenText {
    private var lastShown: [Int: [Substring]] = [:]

    /// The part of `text` that `seat` has not seen; empty when nothing changed.
    mutating func unseenPart(of text: String, seat: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        defer { lastShown[seat] = lines }
        guard let previous = lastShown[seat] else { return text }
        var start = zip(lines, previous).prefix { $0 == $1 }.count
        guard start < lines.count else { return "" }
        if let blank = lines[..<start].lastIndex(where: { $0.allSatisfy(\.isWhitespace) }) {
            start = blank + 1
        }
        return lines[start...].joined(separator: "\n")
    }
}
