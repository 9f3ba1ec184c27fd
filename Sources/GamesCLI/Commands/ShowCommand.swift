import ArgumentParser
import Games
import Rollout

/// `games show NAME`: the game's card and the facts of this instance.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a game's card: rules, parameters, actions, observation layout.",
        discussion:
            "--json prints the same facts as one JSON object: the card's Markdown is its `card` field; `first_player` is a seat, or -1 for chance (OpenSpiel's numbering)."
    )

    @OptionGroup var game: GameSelection<NoDefaultGame>

    @Flag(help: "Print a JSON object: the instance's facts, parameters, policies and the card.")
    var json = false

    func run() throws {
        let facts = try visitGame(game.gameString, with: FactsVisitor())
        if json {
            try printJSON(facts.json)
        } else {
            print(facts.text)
        }
    }

    /// What `show` says about one game instance.
    struct Facts {
        var info: GameInfo
        var gameString: String
        var parameters: GameParameters
        var seatCount: Int
        var actionCount: Int
        var observationShape: [Int]
        var roleNames: [String]
        var teamNames: [String]?
        var utility: Utility
        var maxGameLength: Int
        var firstPlayer: CurrentPlayer
        var defaultPolicies: [String]

        var text: String {
            """
            \(info.card)

            ## This instance: \(gameString)
            rules version: \(info.version)
            seats: \(seatCount)
            action indices: 0..<\(actionCount)
            observation shape: \(observationShape)
            roles: \(roleNames.joined(separator: ", "))
            utility: \(utility.kind.rawValue), returns in [\(utility.min), \(utility.max)]
            longest episode: \(maxGameLength) actions
            first player: \(firstPlayer)
            """
        }

        var json: [String: Any] {
            var object: [String: Any] = [
                "name": info.name, "long_name": info.longName, "summary": info.summary, "version": info.version,
                "game": gameString,
                "parameters": info.parameters.map { spec -> [String: Any] in
                    [
                        "name": spec.name, "value": (parameters[spec.name] ?? spec.defaultValue).jsonValue,
                        "default": spec.defaultValue.jsonValue, "type": spec.defaultValue.typeName, "help": spec.help,
                    ]
                },
                "seats": seatCount, "action_count": actionCount, "observation_shape": observationShape,
                "role_names": roleNames,
                "utility": ["kind": utility.kind.rawValue, "min": utility.min, "max": utility.max],
                "max_game_length": maxGameLength, "first_player": firstPlayer.openSpielID,
                "default_policies": defaultPolicies, "card": info.card,
            ]
            if let teamNames { object["team_names"] = teamNames }
            return object
        }
    }

    struct FactsVisitor: GameVisitor {
        func visit<G: Game>(_ game: G) throws -> Facts {
            Facts(
                info: G.info, gameString: game.description, parameters: game.parameters, seatCount: game.seatCount,
                actionCount: game.actionCount, observationShape: game.observationShape, roleNames: game.roleNames,
                teamNames: (game as? any TeamGame)?.teamNames, utility: game.utility, maxGameLength: game.maxGameLength,
                firstPlayer: game.currentPlayer(game.initialState()), defaultPolicies: PolicyCatalog.defaultNames(for: game))
        }
    }
}
