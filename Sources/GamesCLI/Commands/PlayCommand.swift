import ArgumentParser
import Games

/// `games play NAME`: play the text face in the terminal against a bot or another person.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a game in the terminal, through the same text face an LLM sees.",
        discussion: "Type actions as the prompt shows them (e.g. [4] or [bet]). Invalid input is explained and you may try again."
    )

    @Argument(help: "A game string.")
    var game: String

    @Option(help: "Your seat (0-based).")
    var seat = 0

    @Option(help: "Who plays the other seats: random (a uniform random bot) or human (hot seat).")
    var opponent = "random"

    @Option(help: "Seed for chance and the bot.")
    var seed: UInt64 = 0

    func validate() throws {
        guard ["random", "human"].contains(opponent) else {
            throw ValidationError("--opponent must be random or human, got '\(opponent)'")
        }
    }

    func run() throws {
        try visitGame(game, with: PlayVisitor(humanSeat: seat, opponentIsHuman: opponent == "human", seed: seed))
    }

    struct PlayVisitor: GameVisitor {
        let humanSeat: Int
        let opponentIsHuman: Bool
        let seed: UInt64

        func visit<G: Game>(_ game: G) throws {
            guard (0..<game.seatCount).contains(humanSeat) else {
                throw ValidationError("--seat must be in 0..<\(game.seatCount) for \(game.description)")
            }
            // People mistype: allow many retries instead of forfeiting the game.
            var episode = Episode(game, seed: seed, invalidMovePolicy: InvalidMovePolicy(retries: 1000))
            var botRNG = EpisodeRNG(seed: seed, episode: 1 << 40)
            while case .seat(let mover) = episode.currentPlayer {
                if mover == humanSeat || opponentIsHuman {
                    print("\n" + game.observationText(episode.state, seat: mover))
                    print("Player \(mover)> ", terminator: "")
                    guard let line = readLine() else {
                        print("\nInput ended; the game is abandoned.")
                        return
                    }
                    if case .retry(let error) = episode.step(text: line) { print("Invalid: \(error)") }
                } else {
                    let legal = game.legalActions(episode.state)
                    let action = legal[botRNG.index(below: legal.count)]
                    print("Player \(mover) plays \(game.actionText(action, in: episode.state))")
                    _ = episode.play(action)
                }
            }
            print("\n" + game.observationText(episode.state, seat: humanSeat))
            print("Returns: " + episode.returns.enumerated().map { "Player \($0.offset): \($0.element)" }.joined(separator: ", "))
        }
    }
}
