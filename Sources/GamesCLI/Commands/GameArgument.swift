import ArgumentParser
import Games

/// The game a command uses when none is named; `nil` makes the game required.
protocol DefaultGame {
    static var gameString: String? { get }
}

/// Commands that need a game named on the command line.
enum NoDefaultGame: DefaultGame {
    static let gameString: String? = nil
}

/// The game every command takes the same way: a positional game string, or `--game GAME`
/// (the older spelling, still accepted so that existing scripts keep working).
///
/// One option group for every command, so the grammar cannot drift between them.
struct GameSelection<Default: DefaultGame>: ParsableArguments {
    @Argument(help: ArgumentHelp(Self.positionalHelp, valueName: "game"))
    var positional: String?

    @Option(
        name: .customLong("game"), help: ArgumentHelp("The game string, as the positional argument takes it.", valueName: "game", visibility: .hidden)
    )
    var option: String?

    private static var positionalHelp: String {
        let example = "A game string such as tic_tac_toe or 'kuhn_poker(players=3)' (`games list` shows them; `--game GAME` also works)"
        return Default.gameString.map { "\(example); default \($0)." } ?? "\(example)."
    }

    func validate() throws {
        if let positional, let option, positional != option {
            throw ValidationError("the game is given twice and differs: '\(positional)' and --game '\(option)'; give it once")
        }
        if positional == nil, option == nil, Default.gameString == nil {
            throw ValidationError("missing the game: name one, e.g. tic_tac_toe (`games list` shows them all)")
        }
    }

    /// The game string the command line names, or the command's default.
    var gameString: String { positional ?? option ?? Default.gameString ?? "" }
}

/// Several games, for commands that measure a list of them: positional game strings,
/// `--game GAME` (repeatable) or both.
struct GameListSelection: ParsableArguments {
    @Argument(help: ArgumentHelp("Game strings (default: every catalog game; `--game GAME` also works).", valueName: "game"))
    var positional: [String] = []

    @Option(
        name: .customLong("game"), help: ArgumentHelp("A game string, as the positional arguments take them.", valueName: "game", visibility: .hidden)
    )
    var option: [String] = []

    /// The games named, positional ones first, each once; empty when none was named.
    var gameStrings: [String] {
        var seen = Set<String>()
        return (positional + option).filter { seen.insert($0).inserted }
    }
}

/// Loads a game string for a command, turning catalog errors into usage errors that say
/// what is accepted.
func visitGame<V: GameVisitor>(_ gameString: String, with visitor: V) throws -> V.Output {
    do {
        return try GameCatalog.visit(gameString, with: visitor)
    } catch let error as GameError {
        throw ValidationError("\(error.description)\nTry `games list` for the games and their parameters.")
    }
}
