import Games
import Rollout
import Testing

@Suite("Nash averaging")
struct NashAveragingTests {
    static let rockPaperScissors: [[Double]] = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]

    func expectClose(_ actual: [Double], _ expected: [Double], within tolerance: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(a - e) <= tolerance, "\(actual) is not \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func rockPaperScissorsIsUniformAndEveryRatingIsZero() throws {
        let nash = try NashAveraging(payoffs: Self.rockPaperScissors)
        expectClose(nash.weights, [1.0 / 3, 1.0 / 3, 1.0 / 3])
        #expect(nash.ratings == [0, 0, 0])
    }

    @Test func aDominatedPolicyGetsNoWeightAndANegativeRating() throws {
        // Rock-paper-scissors plus a policy that loses 0.5 to each of them.
        var payoffs = Self.rockPaperScissors.map { $0 + [0.5] }
        payoffs.append([-0.5, -0.5, -0.5, 0])
        let nash = try NashAveraging(payoffs: payoffs)
        expectClose(nash.weights, [1.0 / 3, 1.0 / 3, 1.0 / 3, 0])
        #expect(nash.weights[3] == 0)
        expectClose(nash.ratings, [0, 0, 0, -0.5])
    }

    @Test func aWeightedCycleHasItsKnownMixedEquilibrium() throws {
        // Rock loses 1 to paper, beats scissors by 2; paper loses 3 to scissors. The
        // equilibrium is proportional to (3, 2, 1): each policy then breaks even.
        let payoffs: [[Double]] = [[0, -1, 2], [1, 0, -3], [-2, 3, 0]]
        let nash = try NashAveraging(payoffs: payoffs)
        expectClose(nash.weights, [3.0 / 6, 2.0 / 6, 1.0 / 6])
        expectClose(nash.ratings, [0, 0, 0])
    }

    @Test func aTransitiveLineUpRatesEachPolicyByItsGapToTheBest() throws {
        let strengths: [Double] = [0.2, 1.5, -0.4, 0.9]
        let payoffs = strengths.map { a in strengths.map { b in a - b } }
        let nash = try NashAveraging(payoffs: payoffs)
        expectClose(nash.weights, [0, 1, 0, 0])
        expectClose(nash.ratings, strengths.map { $0 - 1.5 })
    }

    @Test func copiesOfAPolicyShareItsWeightAndChangeNoRating() throws {
        // Rock twice: every mixture with rock and its copy at 1/3 together is an equilibrium;
        // maximum entropy splits that third evenly.
        let payoffs: [[Double]] = [[0, 0, -1, 1], [0, 0, -1, 1], [1, 1, 0, -1], [-1, -1, 1, 0]]
        let nash = try NashAveraging(payoffs: payoffs)
        expectClose(nash.weights, [1.0 / 6, 1.0 / 6, 1.0 / 3, 1.0 / 3], within: 1e-7)
        expectClose(nash.ratings, [0, 0, 0, 0])
    }

    @Test func maximumEntropyStopsWhereAStrictConditionBinds() throws {
        // x and y tie; z beats x by 3 and loses 1 to y. Equilibria: (x, 1 - x, 0) with
        // x <= 1/4 (else z gains). Entropy would like x = 1/2; the most it may take is 1/4.
        let payoffs: [[Double]] = [[0, 0, -3], [0, 0, 1], [3, -1, 0]]
        let nash = try NashAveraging(payoffs: payoffs)
        expectClose(nash.weights, [0.25, 0.75, 0], within: 1e-7)
        expectClose(nash.ratings, [0, 0, 0], within: 1e-7)
    }

    @Test func randomMetaGamesGiveEquilibriaThatDoNotDependOnTheOrderOfPolicies() throws {
        // Payoffs in {-1, 0, 1} have many ties and sets of equilibria: the maximum-entropy one
        // is unique, so relabelling the policies must relabel the weights and nothing else.
        var rng = EpisodeRNG(seed: 7, episode: 0)
        for _ in 0..<100 {
            let count = 2 + rng.index(below: 7)
            var payoffs = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
            for i in 0..<count {
                for j in (i + 1)..<count {
                    payoffs[i][j] = Double(rng.index(below: 3) - 1)
                    payoffs[j][i] = -payoffs[i][j]
                }
            }
            let nash = try NashAveraging(payoffs: payoffs)
            #expect(abs(nash.weights.reduce(0, +) - 1) < 1e-12)
            #expect(nash.weights.allSatisfy { $0 >= 0 })
            #expect(nash.ratings.allSatisfy { $0 <= 0 }, "a policy beats the equilibrium of \(payoffs)")
            var order = Array(0..<count)
            for position in stride(from: count - 1, to: 0, by: -1) { order.swapAt(position, rng.index(below: position + 1)) }
            let relabelled = try NashAveraging(payoffs: order.map { i in order.map { j in payoffs[i][j] } })
            expectClose(order.map { nash.weights[$0] }, relabelled.weights, within: 1e-7)
        }
    }

    @Test func allTiesGiveTheUniformMixture() throws {
        let nash = try NashAveraging(payoffs: [[0, 0], [0, 0]])
        #expect(nash.weights == [0.5, 0.5])
        #expect(nash.ratings == [0, 0])
        #expect(try NashAveraging(payoffs: [[0]]).weights == [1])
    }

    @Test func pairwiseResultsBuildTheAntisymmetricMatrix() {
        let nash = NashAveraging(policyCount: 3, results: [(0, 1, -1), (0, 2, 1), (1, 2, -1)])
        #expect(nash.payoffs == Self.rockPaperScissors)
    }

    @Test func aMatrixThatIsNotAMetaGameIsRefusedWithTheEntry() {
        #expect(throws: NashAveraging.InvalidPayoffs.self) { try NashAveraging(payoffs: [[0, 1], [1, 0]]) }
        #expect(throws: NashAveraging.InvalidPayoffs.self) { try NashAveraging(payoffs: [[0, 1]]) }
        do {
            _ = try NashAveraging(payoffs: [[0, 1], [0.5, 0]])
            Issue.record("accepted a matrix that is not antisymmetric")
        } catch {
            #expect(error.description.contains("[0][1] is 1.0 but [1][0] is 0.5"))
        }
    }
}
