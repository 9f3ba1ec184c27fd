import ArgumentParser

/// The `games` command: the front door of SelfPlay.
@main
struct GamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Self-play games for reinforcement learning.",
        subcommands: [BenchCommand.self]
    )
}
