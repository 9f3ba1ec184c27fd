import ArgumentParser
import Games

/// `games list`: every game of the catalog with its parameters.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the games and their parameters.")

    @Flag(help: "Print a JSON array of {name, long_name, summary, parameters}.")
    var json = false

    func run() throws {
        let infos = GameCatalog.infos
        if json {
            try printJSON(
                infos.map { info -> [String: Any] in
                    [
                        "name": info.name,
                        "long_name": info.longName,
                        "summary": info.summary,
                        "parameters": info.parameters.map { spec -> [String: Any] in
                            ["name": spec.name, "default": spec.defaultValue.jsonValue, "type": spec.defaultValue.typeName, "help": spec.help]
                        },
                    ]
                })
            return
        }
        for info in infos {
            print("\(info.name)  \(info.longName): \(info.summary)")
            for spec in info.parameters {
                print("    \(spec.name)=\(spec.defaultValue)  \(spec.help)")
            }
        }
        print("\nLoad with a game string, quoted in a shell when it has parentheses, e.g. `games show 'kuhn_poker(players=3)'`.")
    }
}
