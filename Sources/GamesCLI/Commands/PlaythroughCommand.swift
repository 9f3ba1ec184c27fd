import ArgumentParser
import GamesTesting

/// `games playthrough NAME`: a golden transcript of one seeded random episode.
struct PlaythroughCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playthrough",
        abstract: "Write the golden transcript of one seeded random episode.",
        discussion: "Tests diff the committed transcripts in Tests/GamesTests/Playthroughs against this output."
    )

    @OptionGroup var game: GameSelection<NoDefaultGame>

    @Option(parsing: .unconditional, help: "The run seed.")
    var seed: UInt64 = 1

    func run() throws {
        do {
            print(try Playthrough.transcript(gameString: game.gameString, seed: seed), terminator: "")
        } catch {
            throw ValidationError("\(error)\nTry `games list` for the games and their parameters.")
        }
    }
}
