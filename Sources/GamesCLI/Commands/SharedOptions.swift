import ArgumentParser
import Solvers

// Options several commands take, declared once: each command includes them with `@OptionGroup`.

/// `--max-nodes`: the commands that build a game's whole tree refuse larger games.
struct TreeSizeLimit: ParsableArguments {
    @Option(parsing: .unconditional, help: "Refuse games with more histories than this.")
    var maxNodes = GameTree.defaultNodeLimit

    func validate() throws {
        guard maxNodes >= 1 else { throw ValidationError("--max-nodes must be at least 1, got \(maxNodes)") }
    }
}

/// `--threads`: how many threads the rollout engine plays on.
struct ThreadCount: ParsableArguments {
    @Option(parsing: .unconditional, help: "Threads (default: every core).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}

/// `--algorithm cfr` or `--algorithm cfr+`: ArgumentParser reads the raw value and lists the
/// accepted ones when it is wrong.
extension CFRSolver.Algorithm: ExpressibleByArgument {}
