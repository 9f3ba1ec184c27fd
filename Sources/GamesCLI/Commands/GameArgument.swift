import ArgumentParser
import Games

/// Loads a game string for a command, turning catalog errors into usage errors that say
/// what is accepted.
func visitGame<V: GameVisitor>(_ gameString: String, with visitor: V) throws -> V.Output {
    do {
        return try GameCatalog.visit(gameString, with: visitor)
    } catch let error as GameError {
        throw ValidationError("\(error.description)\nTry `games list` for the games and their parameters.")
    }
}
