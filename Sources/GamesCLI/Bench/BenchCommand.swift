import ArgumentParser

/// `games bench ...`: benchmarks that print numbers.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print numbers (never pass/fail on time).",
        subcommands: [BenchGamesCommand.self, BenchRAECommand.self, BenchSolveCommand.self],
        defaultSubcommand: BenchGamesCommand.self
    )
}
