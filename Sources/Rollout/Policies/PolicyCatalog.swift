import Games

/// Built-in policies by name, as `games selfplay --policies` takes them.
public enum PolicyCatalog {
    /// A policy name that does not fit the game, with what would.
    public struct UnknownPolicy: Error, CustomStringConvertible {
        public let description: String
    }

    /// The names `make` accepts for any game (some work only for some games).
    public static let names = ["random", "minimax", "first_legal", "last_legal"]

    /// Builds the policy `name` for `game`.
    ///
    /// - `random`: uniform over legal actions.
    /// - `minimax`: perfect play (two-seat games without chance, small enough to search: TicTacToe).
    /// - `first_legal` / `last_legal`: always the lowest / highest legal action index
    ///   (Kuhn: always pass / always bet).
    ///
    /// - Throws: `UnknownPolicy` naming what is accepted, or why the policy does not fit the game.
    public static func make<G: Game>(_ name: String, for game: G) throws -> Policy<G> {
        switch name {
        case "random":
            return .uniformRandom()
        case "minimax":
            do {
                return .minimax(try MinimaxTable(game))
            } catch let error as MinimaxTable<G>.Unsupported {
                throw UnknownPolicy(description: "policy 'minimax' does not fit \(game.description): \(error.description)")
            }
        case "first_legal":
            return Policy(name: name) { _, _, _, legal, _ in legal[0] }
        case "last_legal":
            return Policy(name: name) { _, _, _, legal, _ in legal[legal.count - 1] }
        default:
            throw UnknownPolicy(description: "unknown policy '\(name)'; accepted: \(names.joined(separator: ", "))")
        }
    }

    /// A meaningful default line-up for `game`, used when `--policies` is not given.
    public static func defaultNames<G: Game>(for game: G) -> [String] {
        switch G.info.name {
        case TicTacToe.info.name: return ["random", "minimax", "first_legal"]
        case KuhnPoker.info.name: return ["random", "first_legal", "last_legal"]
        default: return ["random", "first_legal"]
        }
    }
}
