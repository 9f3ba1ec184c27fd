import ArgumentParser
import Foundation
import Games
import Rollout

/// `games rollout`: play and record trajectories to NumPy files.
struct RolloutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Play episodes and write the recorded trajectories as NumPy files (docs/trajectory-format.md).",
        discussion: """
            --policies takes one policy (it plays every seat), two (they alternate seats episode by \
            episode), or one per seat (the i-th plays seat i in every episode; e.g. three for \
            'kuhn_poker(players=3)').
            Example: games rollout tic_tac_toe --policies random,minimax --episodes 1000 --out ttt
            """
    )

    enum DefaultGameString: DefaultGame {
        static let gameString: String? = "tic_tac_toe"
    }

    @OptionGroup var game: GameSelection<DefaultGameString>

    @Option(
        help:
            "Comma-separated policies: one, two, or one per seat. Accepted: \(PolicyNames.acceptedList); remote:ENDPOINT is a policy served over the bridge."
    )
    var policies = "random"

    @Option(parsing: .unconditional, help: "Episodes to play.")
    var episodes = 1000

    @Option(help: "The folder to write (created; must not hold a previous run).")
    var out: String

    @OptionGroup var threads: ThreadCount

    @Option(parsing: .unconditional, help: "The run seed.")
    var seed: UInt64 = 0

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
    }

    func run() throws {
        let summary = try visitGame(game.gameString, with: RolloutVisitor(command: self))
        print(summary)
    }

    /// Which policy plays which seat, from how many policies were named.
    static func assignment(policyCount: Int, seatCount: Int, game: String) throws -> SeatAssignment {
        switch policyCount {
        case 1: return .selfPlay
        case 2: return .alternating(0, 1)
        case seatCount: return .custom { _, seat, _ in seat }
        default:
            let perSeat = seatCount > 2 ? " or \(seatCount) (one per seat)" : ""
            throw ValidationError(
                "--policies takes 1 policy (it plays every seat), 2 (they alternate seats)\(perSeat) for \(game), got \(policyCount)")
        }
    }

    struct RolloutVisitor: GameVisitor {
        let command: RolloutCommand
        func visit<G: Game>(_ game: G) throws -> String {
            let policies = try policyLineup(command.policies, for: game)
            let assignment = try RolloutCommand.assignment(policyCount: policies.count, seatCount: game.seatCount, game: game.description)
            let writer: TrajectoryFileWriter
            do {
                writer = try TrajectoryFileWriter(
                    folder: URL(fileURLWithPath: command.out), game: game, policies: policies.map(\.name), seed: command.seed)
            } catch {
                throw CommandError("cannot write --out \(command.out): \(error.localizedDescription)")
            }
            let engine = RolloutEngine(
                game: game, options: RolloutOptions(seed: command.seed, threads: command.threads.threads, batchSize: 4096, record: true))
            let progress = ProgressBar(label: "rollout \(game.description)")
            var steps = 0
            try engine.run(episodes: 0..<command.episodes, policies: policies, assignment: assignment) { batch in
                for buffer in batch.trajectories {
                    try writer.append(buffer)
                    steps += buffer.stepCount
                }
                progress.update(batch.results.firstEpisode + batch.results.count, command.episodes)
            }
            try writer.finish()
            return "wrote \(command.episodes) episodes, \(steps) steps of \(game.description) to \(command.out) (numpy.load each .npy; see meta.json)"
        }
    }
}
