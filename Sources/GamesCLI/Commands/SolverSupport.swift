import ArgumentParser
import Foundation
import Games
import Solvers

/// Builds a game's tree for the solver commands, specialised for the game the string names.
struct BuildTree: GameVisitor {
    let nodeLimit: Int

    func visit<G: Game>(_ game: G) throws -> GameTree {
        try GameTree(game, nodeLimit: nodeLimit)
    }
}

/// The tree of a game string: catalog errors and games too large to enumerate as usage errors.
func buildTree(_ gameString: String, nodeLimit: Int) throws -> GameTree {
    try refusingLargeGames { try visitGame(gameString, with: BuildTree(nodeLimit: nodeLimit)) }
}

/// Runs `body`, turning "too large to solve exactly" into a usage error: the command line asked
/// an exact solver for a game it cannot enumerate (as a `cfr` policy for such a game is one).
/// Other solver errors (a game whose rules break an assumption) stay failures.
func refusingLargeGames<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as SolverError {
        guard case .gameTooLarge = error else { throw error }
        throw ValidationError("\(error) Or raise --max-nodes.")
    }
}

/// A failure that is not a usage error: printed as `Error: message`, exit status 1.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A number in 6 significant digits, for tables (JSON keeps every digit).
func short(_ value: Double) -> String {
    String(format: "%.6g", value)
}

/// Seconds since `start`.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// The per-seat table `solve` and `exploitability` print.
func seatTable(_ evaluation: PolicyEvaluation) -> String {
    var lines = ["seat  policy value   best response  gain"]
    for seat in evaluation.policyValues.indices {
        let value = evaluation.policyValues[seat]
        let response = evaluation.bestResponseValues[seat]
        lines.append(
            String(seat).padding(toLength: 6, withPad: " ", startingAt: 0)
                + short(value).padding(toLength: 15, withPad: " ", startingAt: 0)
                + short(response).padding(toLength: 15, withPad: " ", startingAt: 0)
                + short(response - value))
    }
    return lines.joined(separator: "\n")
}

/// The per-seat values as JSON.
func seatJSON(_ evaluation: PolicyEvaluation) -> [[String: Any]] {
    evaluation.policyValues.indices.map { seat in
        [
            "seat": seat,
            "policy_value": evaluation.policyValues[seat],
            "best_response_value": evaluation.bestResponseValues[seat],
        ]
    }
}
