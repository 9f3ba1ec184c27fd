import Games
import Solvers

/// Built-in policies by name, as `games selfplay --policies` takes them.
public enum PolicyCatalog {
    /// A policy name that does not fit the game, with what would.
    public struct UnknownPolicy: Error, CustomStringConvertible {
        public let description: String
    }

    /// The names `make` accepts for any game (some work only for some games).
    public static let names = ["random", "minimax", "cfr", "heuristic", "first_legal", "last_legal", "tabular:FILE"]

    /// CFR+ iterations behind the `cfr` policy (Kuhn: exploitability below 1e-4).
    public static let cfrIterations = 1000

    /// Builds the policy `name` for `game`.
    ///
    /// - `random`: uniform over legal actions.
    /// - `minimax`: perfect play (perfect-information games small enough to search: TicTacToe).
    /// - `cfr`: the average policy of `cfrIterations` CFR+ iterations (games small enough to
    ///   enumerate: Kuhn Poker).
    /// - `tabular:FILE`: a tabular policy file as `games solve --save` writes it.
    /// - `heuristic`: the game's rule-based player (games that are `HeuristicPlayer`s:
    ///   Werewolf, Negotiation).
    /// - `first_legal` / `last_legal`: always the lowest / highest legal action index
    ///   (Kuhn: always pass / always bet).
    ///
    /// - Throws: `UnknownPolicy` naming what is accepted, or why the policy does not fit the game.
    public static func make<G: Game>(_ name: String, for game: G) throws -> Policy<G> {
        if name.hasPrefix("tabular:") {
            let path = String(name.dropFirst("tabular:".count))
            do {
                return .tabular(try TabularPolicy.load(from: path, for: game), name: name)
            } catch {
                throw UnknownPolicy(description: "policy '\(name)': \(error)")
            }
        }
        switch name {
        case "random":
            return .uniformRandom()
        case "minimax":
            do {
                return .minimax(try PerfectPlay.solve(game))
            } catch {
                throw UnknownPolicy(description: "policy 'minimax' does not fit \(game.description): \(error)")
            }
        case "cfr":
            do {
                return .tabular(try solveCFR(game), name: name)
            } catch {
                throw UnknownPolicy(description: "policy 'cfr' does not fit \(game.description): \(error)")
            }
        case "heuristic":
            guard let player = game as? any HeuristicPlayer, let policy = heuristicPolicy(player) as? Policy<G> else {
                throw UnknownPolicy(description: "policy 'heuristic' does not fit \(game.description): the game has no built-in heuristic")
            }
            return policy
        case "first_legal":
            return Policy(name: name) { _, _, _, legal, _ in legal[0] }
        case "last_legal":
            return Policy(name: name) { _, _, _, legal, _ in legal[legal.count - 1] }
        default:
            throw UnknownPolicy(description: "unknown policy '\(name)'; accepted: \(names.joined(separator: ", "))")
        }
    }

    /// The average policy of `cfrIterations` CFR+ iterations on `game`: the `cfr` policy's table.
    ///
    /// - Parameter nodeLimit: the largest game tree (histories) to build.
    /// - Throws: `SolverError` when the tree is over `nodeLimit` or not a game CFR solves.
    public static func solveCFR<G: Game>(_ game: G, nodeLimit: Int = GameTree.defaultNodeLimit) throws(SolverError) -> TabularPolicy {
        var solver = CFRSolver(tree: try GameTree(game, nodeLimit: nodeLimit), algorithm: .cfrPlus)
        solver.run(iterations: cfrIterations)
        return solver.tree.tabularPolicy(solver.averagePolicy)
    }

    private static func heuristicPolicy<H: HeuristicPlayer>(_ game: H) -> Any {
        Policy<H>(name: "heuristic") { game, state, seat, _, rng in game.heuristicAction(for: seat, in: state, rng: &rng) }
    }

    /// A meaningful default line-up for `game`, used when `--policies` is not given.
    public static func defaultNames<G: Game>(for game: G) -> [String] {
        switch G.info.name {
        case TicTacToe.info.name: return ["random", "minimax", "first_legal"]
        case KuhnPoker.info.name where game.seatCount == 2 && game.maxGameLength <= 5: return ["random", "cfr", "first_legal", "last_legal"]
        default: return game is any HeuristicPlayer ? ["random", "heuristic"] : ["random", "first_legal"]
        }
    }
}
