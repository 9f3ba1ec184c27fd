import ArgumentParser
import Games
import Rollout

/// `games play GAME`: play the text face in the terminal against a bot or another person.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a game in the terminal, through the same text face an LLM sees.",
        discussion: """
            Type a move as the prompt writes it, e.g. [4] or [bet]. A bare number N is read as the \
            legal move written [N] or, when there is none, the legal move whose action index is N \
            (`games show GAME` lists the indices); when those are two different moves you are asked \
            to write the move out. Invalid input is explained and you may try again.
            The rules are printed once, at the start; after that each turn shows what changed.
            End of input (Ctrl-D) abandons the game: exit status 1.
            Example: games play tic_tac_toe --opponent minimax
            """
    )

    @OptionGroup var game: GameSelection<NoDefaultGame>

    @Option(parsing: .unconditional, help: "Your seat, from 0 (the first to act in most games).")
    var seat = 0

    @Option(help: "Who plays the other seats: human (hot seat: every seat types its moves) or a policy: \(PolicyNames.acceptedList).")
    var opponent = "random"

    @Option(parsing: .unconditional, help: "Seed for chance and the bot.")
    var seed: UInt64 = 0

    func run() throws {
        try visitGame(game.gameString, with: PlayVisitor(humanSeat: seat, opponent: opponent, seed: seed))
    }

    struct PlayVisitor: GameVisitor {
        let humanSeat: Int
        let opponent: String
        let seed: UInt64

        func visit<G: Game>(_ game: G) throws {
            guard (0..<game.seatCount).contains(humanSeat) else {
                throw ValidationError("--seat must be \(seatRange(game.seatCount)) for \(game.description), got \(humanSeat)")
            }
            let bot: Policy<G>? = opponent == "human" ? nil : try makePolicy(opponent, for: game)
            // People mistype: allow many retries instead of forfeiting the game.
            var episode = Episode(game, seed: seed, invalidMovePolicy: InvalidMovePolicy(retries: 1000))
            var botRNG = EpisodeRNG(seed: seed, episode: 1 << 40)
            var seen = SeenText()
            while case .seat(let mover) = episode.currentPlayer {
                if let bot, mover != humanSeat {
                    let action = try bot.decide(game, episode.state, seat: mover, rng: &botRNG)
                    print("Player \(mover) plays \(game.actionText(action, in: episode.state))")
                    _ = episode.play(action)
                } else {
                    try playHuman(mover, &episode, &seen)
                }
            }
            let final = seen.unseenPart(of: game.observationText(episode.state, seat: humanSeat), seat: humanSeat)
            if !final.isEmpty { print("\n" + final) }
            print("Returns: " + episode.returns.enumerated().map { "Player \($0.offset): \($0.element)" }.joined(separator: ", "))
        }

        /// One human turn: show what is new to the seat, then read lines until one is a move.
        private func playHuman<G: Game>(_ mover: Int, _ episode: inout Episode<G>, _ seen: inout SeenText) throws {
            let game = episode.game
            let shown = seen.unseenPart(of: game.observationText(episode.state, seat: mover), seat: mover)
            if !shown.isEmpty { print("\n" + shown) }
            if let moves = MoveReader.indexedMoves(game, episode.state) { print(moves) }
            while true {
                print("Player \(mover)> ", terminator: "")
                guard let line = readLine() else {
                    print("")
                    throw CommandError("input ended before the game did (Player \(mover) to move); the game is abandoned")
                }
                let result: Episode<G>.StepResult
                switch MoveReader.read(line, game, episode.state) {
                case .action(let action): result = episode.play(action)
                case .text(let text): result = episode.step(text: text)
                case .refused(let explanation):
                    print("Invalid: \(explanation)")
                    continue
                }
                if case .retry(let error) = result {
                    print("Invalid: \(error)")
                    continue
                }
                return
            }
        }
    }
}

/// `0 or 1`, `0, 1 or 2`, `between 0 and 6`: the seats of a game, in words.
func seatRange(_ seatCount: Int) -> String {
    switch seatCount {
    case 1: return "0"
    case 2: return "0 or 1"
    case 3: return "0, 1 or 2"
    default: return "between 0 and \(seatCount - 1)"
    }
}
