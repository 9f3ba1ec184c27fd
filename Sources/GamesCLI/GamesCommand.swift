import ArgumentParser

/// The `games` command: the front door of SelfPlay.
@main
struct GamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Self-play games for reinforcement learning: exact rules, fast rollouts, text and tensor faces.",
        discussion: "Games are named by game strings such as tic_tac_toe or kuhn_poker(players=3). Start with `games list`.",
        subcommands: [
            ListCommand.self, ShowCommand.self, PlayCommand.self, SelfplayCommand.self, RolloutCommand.self,
            SolveCommand.self, ExploitabilityCommand.self, InfostatesCommand.self, PlaythroughCommand.self, BenchCommand.self,
            ServeCommand.self, WerewolfStatsCommand.self,
        ]
    )
}
