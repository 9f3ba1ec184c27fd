import Foundation
import Games
import Solvers

/// SolverBenchmark times SelfPlay's solvers on Kuhn Poker the way
/// benchmarks/openspiel_solve.py times OpenSpiel's.
struct SolverBenchmark {
    let iterations: Int
    let repeats: Int
    /// Exploitability calls per timed batch: one call takes microseconds.
    let batch = 200

    struct Figures {
        var cfrSeconds: Double
        var cfrPlusSeconds: Double
        var exploitabilitySeconds: Double
        var treeSeconds: Double
        var exploitabilityOnTreeSeconds: Double
        var cfrExploitability: Double
        var cfrPlusExploitability: Double

        var json: [String: Any] {
            [
                "cfr_ms": cfrSeconds * 1e3, "cfr_plus_ms": cfrPlusSeconds * 1e3,
                "exploitability_ms": exploitabilitySeconds * 1e3, "tree_build_ms": treeSeconds * 1e3,
                "exploitability_on_built_tree_ms": exploitabilityOnTreeSeconds * 1e3,
                "cfr_exploitability": cfrExploitability, "cfr_plus_exploitability": cfrPlusExploitability,
            ]
        }
    }

    func measure() throws -> Figures {
        let game = KuhnPoker()
        let (cfrSeconds, cfrSolver) = try timeCFR(game, algorithm: .cfr)
        let (cfrPlusSeconds, cfrPlusSolver) = try timeCFR(game, algorithm: .cfrPlus)
        let tree = cfrSolver.tree
        let treePolicy = cfrSolver.averagePolicy
        let table = tree.tabularPolicy(treePolicy)

        // From scratch, as pyspiel.exploitability(game, policy) does: walk the game, read the
        // tabular policy onto it, evaluate.
        var sink = 0.0
        let exploitabilitySeconds = try medianPerCall {
            let tree = try GameTree(game)
            sink += tree.evaluate(try tree.treePolicy(from: table).policy).exploitability
        }
        let treeSeconds = try medianPerCall { sink += Double(try GameTree(game).nodeCount) }
        let onTreeSeconds = medianPerCall { sink += tree.evaluate(treePolicy).exploitability }
        keepAlive(sink)
        return Figures(
            cfrSeconds: cfrSeconds, cfrPlusSeconds: cfrPlusSeconds,
            exploitabilitySeconds: exploitabilitySeconds, treeSeconds: treeSeconds,
            exploitabilityOnTreeSeconds: onTreeSeconds,
            cfrExploitability: tree.evaluate(treePolicy).exploitability,
            cfrPlusExploitability: cfrPlusSolver.tree.evaluate(cfrPlusSolver.averagePolicy).exploitability)
    }

    /// Median time of building the tree and running the iterations, and the last solver.
    func timeCFR(_ game: KuhnPoker, algorithm: CFRSolver.Algorithm) throws -> (Double, CFRSolver) {
        var times: [Double] = []
        var solver = CFRSolver(tree: try GameTree(game), algorithm: algorithm)
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            solver = CFRSolver(tree: try GameTree(game), algorithm: algorithm)
            solver.run(iterations: iterations)
            times.append(secondsSince(start))
        }
        return (median(times), solver)
    }

    /// The median over `repeats` batches of the time per call of `work`.
    func medianPerCall(_ work: () throws -> Void) rethrows -> Double {
        try work()  // warm-up
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            for _ in 0..<batch { try work() }
            times.append(secondsSince(start) / Double(batch))
        }
        return median(times)
    }
}
