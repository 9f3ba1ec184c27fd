import Dispatch
import Games
import Rollout
import Solvers
import Synchronization

/// The opponents a `MAKE` may name over the wire: built-in policies, and `tabular:NAME` files
/// from the operator's policy directory (never a path a client chooses).
///
/// `cfr` and `minimax` need a solve of the game. It runs once per canonical game string, on a
/// background thread (one solve at a time), never on the thread that serves requests: a `MAKE`
/// that needs a solve waits for it (`resolve` answers `.solving`) while every other request is
/// served. Solved policies are kept for later vectors of the same game.
final class WireOpponents: Sendable {
    /// What `resolve` found.
    enum Resolution<G: Game> {
        /// The policy to play (nil: no opponent asked for).
        case ready(Policy<G>?)
        /// A solve for this key runs; ask again when `takeFinished` returns the key.
        case solving(key: String)
    }

    private enum Solve {
        case running
        case solved(any Sendable)
        case failed(String)
    }

    private struct State {
        var solves: [String: Solve] = [:]
        var finished: [String] = []
        var started = 0
    }

    /// The built-in names a client may send, besides `tabular:NAME`.
    static let builtInNames = ["random", "minimax", "cfr", "heuristic", "first_legal", "last_legal"]
    /// Solved games kept; past it, finished solves are forgotten (vectors keep their policy).
    static let keptSolves = 8

    let directory: PolicyDirectory?
    let solveNodeLimit: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "selfplay.bridge.opponent-solves")
    /// Tests stop a solve here to see the server serve others meanwhile.
    let beforeSolve: (@Sendable (String) -> Void)?

    init(directory: PolicyDirectory?, solveNodeLimit: Int, beforeSolve: (@Sendable (String) -> Void)? = nil) {
        self.directory = directory
        self.solveNodeLimit = solveNodeLimit
        self.beforeSolve = beforeSolve
    }

    /// Solves started since the server started (each game string's `cfr` or `minimax` once).
    var solvesStarted: Int { state.withLock { $0.started } }

    /// The names to list in `LIST_GAMES`.
    var listedNames: [String] { Self.builtInNames + (directory == nil ? [] : ["tabular:NAME"]) }

    /// The keys whose solves ended since the last call.
    func takeFinished() -> [String] {
        state.withLock { state in
            defer { state.finished = [] }
            return state.finished
        }
    }

    /// The opponent `name` for `game`.
    ///
    /// - Throws: `BridgeError` (`invalidArgument`) for an unknown name, a policy that does not
    ///   fit the game, a solve that failed, or a tabular file the server may not read.
    func resolve<G: Game>(_ name: String?, for game: G) throws(BridgeError) -> Resolution<G> {
        guard let name else { return .ready(nil) }
        if name.hasPrefix("tabular:") { return .ready(try tabular(String(name.dropFirst("tabular:".count)), for: game)) }
        switch name {
        case "cfr", "minimax":
            return try solved(name, for: game)
        case _ where Self.builtInNames.contains(name):
            do {
                return .ready(try PolicyCatalog.make(name, for: game))
            } catch {
                throw .invalid("opponent: \(error)")
            }
        default:
            throw .invalid("opponent '\(name)' is not one of \(listedNames.joined(separator: ", "))")
        }
    }

    private func tabular<G: Game>(_ fileName: String, for game: G) throws(BridgeError) -> Policy<G> {
        guard let directory, let path = directory.file(named: fileName) else { throw .invalid(PolicyDirectory.refusal) }
        do {
            return .tabular(try TabularPolicy.load(from: path, for: game), name: "tabular:\(fileName)")
        } catch .unreadable {
            throw .invalid(PolicyDirectory.refusal)
        } catch {
            // The file is one the operator offers: what is wrong with it may be said.
            throw .invalid("opponent 'tabular:\(fileName)': \(error)")
        }
    }

    private func solved<G: Game>(_ name: String, for game: G) throws(BridgeError) -> Resolution<G> {
        let key = "\(name)|\(game.description)"
        let known: Solve? = state.withLock { state in
            if let solve = state.solves[key] { return solve }
            if state.solves.count >= Self.keptSolves {
                state.solves = state.solves.filter { if case .running = $0.value { true } else { false } }
            }
            state.solves[key] = .running
            state.started += 1
            return nil
        }
        switch known {
        case .solved(let policy)?:
            guard let policy = policy as? Policy<G> else { throw BridgeError(.internal, "the solved \(name) policy is for another game type") }
            return .ready(policy)
        case .failed(let message)?:
            throw .invalid(message)
        case .running?:
            return .solving(key: key)
        case nil:
            startSolve(name, key: key, game: game)
            return .solving(key: key)
        }
    }

    private func startSolve<G: Game>(_ name: String, key: String, game: G) {
        let nodeLimit = solveNodeLimit
        let beforeSolve = beforeSolve
        queue.async { [self] in
            beforeSolve?(key)
            let outcome: Solve
            do {
                if name == "cfr" {
                    outcome = .solved(Policy<G>.tabular(try PolicyCatalog.solveCFR(game, nodeLimit: nodeLimit), name: name))
                } else {
                    outcome = .solved(Policy<G>.minimax(try PerfectPlay.solve(game, stateLimit: nodeLimit)))
                }
            } catch {
                var raise = ""
                if let solverError = error as? SolverError, case .gameTooLarge = solverError { raise = " (games serve --max-solve-nodes)" }
                outcome = .failed("opponent '\(name)' does not fit \(game.description): \(error)\(raise)")
            }
            state.withLock { state in
                state.solves[key] = outcome
                state.finished.append(key)
            }
        }
    }
}
