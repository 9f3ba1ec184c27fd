/// Errors from loading games and decoding states. Every message says what was wrong and,
/// where there is a choice, what is accepted instead.
public enum GameError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The game string could not be read (e.g. an unbalanced parenthesis).
    case malformedGameString(String, reason: String)
    /// No game of that name is in the catalog.
    case unknownGame(String, known: [String])
    /// A parameter is unknown, of the wrong type, or out of range.
    case badParameter(game: String, parameter: String, reason: String)
    /// A serialised state could not be decoded.
    case badState(game: String, reason: String)

    public var description: String {
        switch self {
        case .malformedGameString(let text, let reason):
            return "malformed game string '\(text)': \(reason); expected NAME or NAME(key=value,...), e.g. kuhn_poker(players=3)"
        case .unknownGame(let name, let known):
            return "unknown game '\(name)'; known games: \(known.joined(separator: ", "))"
        case .badParameter(let game, let parameter, let reason):
            return "\(game): parameter '\(parameter)' \(reason)"
        case .badState(let game, let reason):
            return "\(game): cannot decode state: \(reason)"
        }
    }
}

/// Why a text reply could not be read as an action, and what would have been accepted.
public struct ActionParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong with the reply, in a sentence a player (or an LLM) can act on.
    public var reason: String
    /// The action strings that are legal now.
    public var accepted: [String]

    /// Creates a parse error.
    public init(reason: String, accepted: [String]) {
        self.reason = reason
        self.accepted = accepted
    }

    public var description: String {
        accepted.isEmpty ? reason : "\(reason). Valid actions: \(accepted.joined(separator: ", "))"
    }
}
