/// Code that runs specialised for whichever game a game string names.
///
/// `GameCatalog.visit` calls `visit` with the concrete game type, so generic engines and
/// solvers called from it are specialised per game although the game was chosen by name.
public protocol GameVisitor {
    /// What the visit produces.
    associatedtype Output
    /// Runs on the game the catalog built.
    func visit<G: Game>(_ game: G) throws -> Output
}

/// The closed list of games SelfPlay ships.
public enum GameCatalog {
    /// Every game type, in the order `games list` prints them.
    public static let gameTypes: [any Game.Type] = [TicTacToe.self, KuhnPoker.self, Negotiation.self, Werewolf.self]

    /// The static facts of every game.
    public static var infos: [GameInfo] { gameTypes.map { $0.info } }

    /// The catalog names.
    public static var names: [String] { infos.map(\.name) }

    /// The static facts of the game called `name`.
    ///
    /// - Throws: `GameError.unknownGame` listing the known names.
    public static func info(named name: String) throws(GameError) -> GameInfo {
        guard let info = infos.first(where: { $0.name == name }) else {
            throw .unknownGame(name, known: names)
        }
        return info
    }

    /// Reads a game string and checks its parameters' names and types.
    ///
    /// - Throws: `GameError` saying what is wrong and what is accepted.
    public static func parameters(of gameString: String) throws(GameError) -> GameParameters {
        let parsed = try GameString(parsing: gameString)
        let info = try info(named: parsed.name)
        var parameters = try GameParameters(for: info)
        for (key, value) in parsed.parameters {
            try parameters.set(key, to: value)
        }
        return parameters
    }

    /// Builds the game a game string names and runs `visitor` on it, specialised.
    ///
    /// - Throws: `GameError` for a malformed string, an unknown game or a bad parameter;
    ///   otherwise whatever the visitor throws.
    @inlinable
    public static func visit<V: GameVisitor>(_ gameString: String, with visitor: V) throws -> V.Output {
        let parameters = try parameters(of: gameString)
        // One line per game: naming the concrete type here is what lets the compiler
        // specialise the visitor for it. `@inlinable` so that this happens in the caller's
        // module, where the visitor is: without it (and without cross-module optimisation)
        // the engine ran unspecialised, 9 to 28 times the instructions.
        switch parameters.gameName {
        case TicTacToe.info.name: return try visitor.visit(TicTacToe(parameters: parameters))
        case KuhnPoker.info.name: return try visitor.visit(KuhnPoker(parameters: parameters))
        case Negotiation.info.name: return try visitor.visit(Negotiation(parameters: parameters))
        case Werewolf.info.name: return try visitor.visit(Werewolf(parameters: parameters))
        default: throw GameError.unknownGame(parameters.gameName, known: names)
        }
    }
}

extension Game {
    /// The canonical game string of this instance, e.g. `kuhn_poker(players=3)`.
    public var description: String { parameters.gameString }

    /// The game's catalog name.
    public var name: String { Self.info.name }

    /// Builds the game with default parameters.
    public init() {
        do {
            try self.init(parameters: GameParameters(for: Self.info))
        } catch {
            preconditionFailure("the defaults of \(Self.info.name) must be valid: \(error)")
        }
    }

    /// Builds the game with some parameters changed from their defaults.
    ///
    /// - Throws: `GameError.badParameter` naming the parameter and what it accepts.
    public init(_ overrides: [String: ParameterValue]) throws(GameError) {
        try self.init(parameters: GameParameters(for: Self.info, overrides: overrides))
    }
}
