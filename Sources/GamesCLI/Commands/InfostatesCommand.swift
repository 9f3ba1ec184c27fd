import ArgumentParser
import Foundation
import Games
import Solvers

/// `games infostates GAME`: every information state with the acting seat's observation tensor
/// and text prompt, so an external learner (a network or a language model) can be evaluated on
/// each and saved as a tabular policy.
struct InfostatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infostates",
        abstract: "List every information state of a small game with the acting seat's observation tensor and prompt.",
        discussion: """
            Evaluate a network on each row's observation (or a language model on its prompt and \
            action_texts), write its probabilities under the row's key \
            as a tabular policy (docs/policy-format.md), and `games exploitability GAME --policy FILE` \
            gives the network's exact exploitability. Rows are in the order of the solvers' game tree.
            Example: games infostates kuhn_poker --json > kuhn_infostates.json
            """
    )

    /// Rows the human-readable summary shows.
    static let previewRowCount = 8

    @OptionGroup var game: GameSelection<NoDefaultGame>

    @OptionGroup var treeSize: TreeSizeLimit

    @Flag(help: "Print every information state as JSON.")
    var json = false

    func run() throws {
        let table = try refusingLargeGames { try visitGame(game.gameString, with: BuildInformationStateTable(nodeLimit: treeSize.maxNodes)) }
        if json {
            try printJSON(Self.json(table))
        } else {
            print(Self.summary(table))
        }
    }

    /// The table as JSON. Observations go out as the exact Double value of each Float, so a
    /// reader that converts them back to float32 gets the tensor bit for bit.
    static func json(_ table: InformationStateTable) -> [String: Any] {
        [
            "game": table.game, "seat_count": table.seatCount, "action_count": table.actionCount,
            "observation_shape": table.observationShape, "role_names": table.roleNames,
            "information_states": table.rows.map { row -> [String: Any] in
                [
                    "key": row.informationState, "seat": row.seat, "role": row.role,
                    "legal_actions": row.legalActions, "observation": row.observation.map(Double.init),
                    "prompt": row.prompt.map { $0 as Any } ?? NSNull(), "action_texts": row.actionTexts,
                ]
            },
        ]
    }

    /// Information states per seat, the observation shape and the first rows.
    static func summary(_ table: InformationStateTable) -> String {
        let perSeat = (0..<table.seatCount).map { seat in
            "seat \(seat): \(table.rows.lazy.filter { $0.seat == seat }.count)"
        }
        var lines = [
            "\(table.game): \(table.count) information states (\(perSeat.joined(separator: ", "))), "
                + "observation shape \(table.observationShape)"
        ]
        for (index, row) in table.rows.prefix(previewRowCount).enumerated() {
            let key = row.informationState.replacingOccurrences(of: "\n", with: "/")
            let role = table.roleNames.indices.contains(row.role) ? table.roleNames[row.role] : String(row.role)
            let observation = row.observation.map { short(Double($0)) }.joined(separator: " ")
            lines.append("\(index)  '\(key)'  seat \(row.seat) (\(role))  legal \(row.legalActions)  observation [\(observation)]")
        }
        if table.count > previewRowCount {
            lines.append("... \(table.count - previewRowCount) more; --json lists them all")
        }
        return lines.joined(separator: "\n")
    }
}

/// Builds a game's information-state table, specialised for the game the string names.
struct BuildInformationStateTable: GameVisitor {
    let nodeLimit: Int

    func visit<G: Game>(_ game: G) throws -> InformationStateTable {
        try InformationStateTable(game, nodeLimit: nodeLimit)
    }
}
