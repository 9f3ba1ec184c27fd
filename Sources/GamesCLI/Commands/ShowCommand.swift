import ArgumentParser
import Games

/// `games show NAME`: the game's card and the facts of this instance.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a game's card: rules, parameters, actions, observation layout.")

    @OptionGroup var game: GameSelection<NoDefaultGame>

    func run() throws {
        print(try visitGame(game.gameString, with: FactsVisitor()))
    }

    struct FactsVisitor: GameVisitor {
        func visit<G: Game>(_ game: G) throws -> String {
            let state = game.initialState()
            return """
                \(G.info.card)

                ## This instance: \(game.description)
                seats: \(game.seatCount)
                action indices: 0..<\(game.actionCount)
                observation shape: \(game.observationShape)
                roles: \(game.roleNames.joined(separator: ", "))
                utility: \(game.utility.kind.rawValue), returns in [\(game.utility.min), \(game.utility.max)]
                longest episode: \(game.maxGameLength) actions
                first player: \(game.currentPlayer(state))
                """
        }
    }
}
