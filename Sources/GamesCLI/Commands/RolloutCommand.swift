import ArgumentParser
import Foundation
import Games
import Rollout

/// `games rollout`: play and record trajectories to NumPy files.
struct RolloutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Play episodes and write the recorded trajectories as NumPy files (docs/trajectory-format.md).",
        discussion: "One policy plays every seat; two alternate seats episode by episode."
    )

    @Option(help: "A game string.")
    var game = "tic_tac_toe"

    @Option(help: "One policy (self-play) or two comma-separated ones (seats alternate); remote:ENDPOINT plays a policy served over the bridge.")
    var policies = "random"

    @Option(help: "Episodes to play.")
    var episodes = 1000

    @Option(help: "The folder to write (created; must not hold a previous run).")
    var out: String

    @Option(help: "Threads (default: every core).")
    var threads: Int?

    @Option(help: "The run seed.")
    var seed: UInt64 = 0

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
    }

    func run() throws {
        let summary = try visitGame(game, with: RolloutVisitor(command: self))
        print(summary)
    }

    struct RolloutVisitor: GameVisitor {
        let command: RolloutCommand
        func visit<G: Game>(_ game: G) throws -> String {
            let policies = try policyLineup(command.policies, for: game)
            guard policies.count <= 2 else { throw ValidationError("--policies takes one or two policies, got \(policies.count)") }
            let writer: TrajectoryFileWriter
            do {
                writer = try TrajectoryFileWriter(folder: URL(fileURLWithPath: command.out), game: game, policies: policies.map(\.name), seed: command.seed)
            } catch {
                throw ValidationError("cannot write --out \(command.out): \(error.localizedDescription)")
            }
            let engine = RolloutEngine(game: game, options: RolloutOptions(seed: command.seed, threads: command.threads, batchSize: 4096, record: true))
            let progress = ProgressBar(label: "rollout \(game.description)")
            var steps = 0
            try engine.run(episodes: 0..<command.episodes, policies: policies, assignment: policies.count == 2 ? .alternating(0, 1) : .selfPlay) { batch in
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
