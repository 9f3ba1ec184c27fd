import ArgumentParser
import Foundation
import Solvers

/// `games solve NAME`: CFR or CFR+ with exploitability printed as it goes.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Run CFR or CFR+ on a small game and print the average policy's exploitability as it goes.",
        discussion: """
            The game tree is built once and solved exactly (no sampling). Exploitability is \
            OpenSpiel's: NashConv (the seats' total gain from best-responding) divided by the \
            number of seats; 0 is a Nash equilibrium. Games too large to enumerate are refused.
            Example: games solve kuhn_poker --iterations 1000 --save kuhn_cfr.json
            """
    )

    @OptionGroup var game: GameSelection<NoDefaultGame>

    @Option(parsing: .unconditional, help: "Iterations to run.")
    var iterations = 1000

    @Option(help: "cfr (vanilla CFR) or cfr+ (regret matching+, linear averaging; converges faster).")
    var algorithm = CFRSolver.Algorithm.cfrPlus

    @Option(help: ArgumentHelp("Write the average policy to this file as a tabular policy (docs/policy-format.md).", valueName: "file"))
    var save: String?

    @Option(parsing: .unconditional, help: "Report every N iterations (default: 1, 2, 5, 10, 20, 50, ... and the last).")
    var reportEvery: Int?

    @OptionGroup var treeSize: TreeSizeLimit

    @Flag(help: "Print one JSON object at the end (progress goes to standard error when it is a terminal).")
    var json = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        if let reportEvery, reportEvery < 1 { throw ValidationError("--report-every must be at least 1, got \(reportEvery)") }
        // Fail before solving, not after, when the policy cannot be saved.
        if let save {
            let folder = URL(fileURLWithPath: save).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw ValidationError("--save \(save): the folder \(folder) does not exist or is not writable")
            }
        }
    }

    func run() throws {
        let tree = try buildTree(game.gameString, nodeLimit: treeSize.maxNodes)
        report("Solving \(tree.game) with \(algorithm.rawValue): \(tree.nodeCount) histories, \(tree.informationStateCount) information states")
        var solver = CFRSolver(tree: tree, algorithm: algorithm)
        var progress: [[String: Any]] = []
        var solving = 0.0
        var evaluation = tree.evaluate(solver.averagePolicy)
        // A bar only where a run is long enough to wait for: many node visits in all.
        let bar = ProgressBar(label: "\(algorithm.rawValue) on \(tree.game)")
        let showBar = Double(tree.nodeCount) * Double(iterations) > Self.nodeVisitsWorthABar
        let chunk = max(1, iterations / 200)
        for checkpoint in checkpoints() {
            let start = ContinuousClock.now
            while solver.iterations < checkpoint {
                solver.run(iterations: min(chunk, checkpoint - solver.iterations))
                if showBar { bar.update(solver.iterations, iterations) }
            }
            if showBar { bar.clear() }
            solving += secondsSince(start)
            evaluation = tree.evaluate(solver.averagePolicy)
            progress.append(["iteration": checkpoint, "exploitability": evaluation.exploitability])
            report("iteration \(String(checkpoint).leftPadded(to: String(iterations).count))  exploitability \(short(evaluation.exploitability))")
        }
        var saved: String?
        if let save {
            let policy = tree.tabularPolicy(
                solver.averagePolicy,
                metadata: [
                    "algorithm": algorithm.rawValue, "iterations": String(iterations),
                    "exploitability": String(evaluation.exploitability), "source": "games solve",
                ])
            try policy.save(to: save)
            saved = save
        }
        if json {
            var result: [String: Any] = [
                "game": tree.game, "algorithm": algorithm.rawValue, "iterations": iterations,
                "exploitability": evaluation.exploitability, "nash_conv": evaluation.nashConv,
                "seats": seatJSON(evaluation), "progress": progress, "solve_seconds": solving,
                "histories": tree.nodeCount, "information_states": tree.informationStateCount,
            ]
            if let saved { result["saved"] = saved }
            try printJSON(result)
            return
        }
        print(
            "Done: \(iterations) iterations in \(short(solving * 1e3)) ms; exploitability \(evaluation.exploitability), NashConv \(evaluation.nashConv)"
        )
        print(seatTable(evaluation))
        if let saved { print("Saved the average policy to \(saved) (\(tree.informationStateCount) information states).") }
    }

    /// The iterations after which exploitability is printed.
    func checkpoints() -> [Int] {
        if let reportEvery {
            return Array(stride(from: reportEvery, to: iterations, by: reportEvery)) + [iterations]
        }
        var points: [Int] = []
        var decade = 1
        while decade < iterations {
            for step in [1, 2, 5] where step * decade < iterations { points.append(step * decade) }
            decade *= 10
        }
        return points + [iterations]
    }

    /// Node visits (histories times iterations) above which solving shows a progress bar:
    /// about a second of CFR.
    static let nodeVisitsWorthABar = 2e7

    /// Progress: standard output for people; under --json, where the JSON holds it, standard
    /// error and only when that is a terminal.
    func report(_ line: String) {
        if json {
            reportProgress(line)
        } else {
            print(line)
        }
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
