import Games
import Solvers
import Testing

@Suite("CFR and CFR+")
struct CFRSolverTests {
    @Test func cfrPlusReachesAKuhnEquilibriumWithin1000Iterations() throws {
        var solver = CFRSolver(tree: try GameTree(KuhnPoker()), algorithm: .cfrPlus)
        solver.run(iterations: 1000)
        let evaluation = solver.tree.evaluate(solver.averagePolicy)
        #expect(evaluation.exploitability < 1e-3)
        // The game's value for seat 0 is -1/18.
        #expect(abs(evaluation.policyValues[0] + 1.0 / 18) < 1e-3)
    }

    /// OpenSpiel 2.0.2's C++ solvers (pyspiel.CFRSolver / CFRPlusSolver, 1000 iterations,
    /// pyspiel.exploitability of the average policy) print 9.376166469929614e-4 and
    /// 8.736532252084928e-05 (docs/references.md: 9.376e-4 and 8.74e-5). The same
    /// algorithm gives the same number up to rounding.
    @Test(
        "after 1000 iterations the exploitability is OpenSpiel's",
        arguments: [
            (CFRSolver.Algorithm.cfr, 9.376166469929614e-4),
            (CFRSolver.Algorithm.cfrPlus, 8.736532252084928e-05),
        ])
    func matchesOpenSpiel(algorithm: CFRSolver.Algorithm, openSpiel: Double) throws {
        var solver = CFRSolver(tree: try GameTree(KuhnPoker()), algorithm: algorithm)
        solver.run(iterations: 1000)
        let exploitability = solver.tree.evaluate(solver.averagePolicy).exploitability
        #expect(abs(exploitability - openSpiel) < 1e-12, "got \(exploitability)")
    }

    @Test func exploitabilityFallsAsCFRRuns() throws {
        var solver = CFRSolver(tree: try GameTree(KuhnPoker()))
        solver.run(iterations: 10)
        let early = solver.tree.evaluate(solver.averagePolicy).exploitability
        solver.run(iterations: 990)
        let late = solver.tree.evaluate(solver.averagePolicy).exploitability
        #expect(solver.iterations == 1000)
        #expect(late < early / 10)
    }

    @Test func cfrConvergesOnThreePlayerKuhnToo() throws {
        var solver = CFRSolver(tree: try GameTree(KuhnPoker(["players": .int(3)])), algorithm: .cfrPlus)
        let uniform = solver.tree.evaluate(solver.averagePolicy).nashConv
        solver.run(iterations: 200)
        #expect(solver.tree.evaluate(solver.averagePolicy).nashConv < uniform / 20)
    }

    @Test func theAveragePolicyIsADistributionEverywhere() throws {
        var solver = CFRSolver(tree: try GameTree(KuhnPoker()))
        solver.run(iterations: 50)
        let average = solver.averagePolicy
        for index in 0..<solver.tree.informationStateCount {
            let row = average.probabilities(ofInformationState: index, in: solver.tree)
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            #expect(row.allSatisfy { $0 >= 0 })
        }
    }
}
