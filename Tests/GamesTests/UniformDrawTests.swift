import Testing

@testable import Games

/// `UniformDraw` replaces `EpisodeRNG.sample`'s subtractions with integer thresholds; every
/// seed's games depend on the two agreeing on every draw, so they are compared where they
/// could differ: at, just below and just above every threshold, and on random draws.
@Suite("UniformDraw draws what sampling equal probabilities draws")
struct UniformDrawTests {
    let draw = UniformDraw.shared

    /// Both the table's draw and the subtractions are constant between consecutive points
    /// where one of them can change: a threshold, or a multiple of 2^53 / count, where the
    /// table's first estimate moves. Comparing them at each such point and just below it
    /// compares them on every draw.
    @Test(arguments: Array(2...UniformDraw.maxCount))
    func theTableAgreesWithTheSubtractionsOnEveryDraw(count: Int) {
        var points: [UInt64] = [0, (1 << 53) - 1]
        for step in 1..<count {
            let threshold = draw.threshold(count: count, step: step)
            // A threshold is where the step-th remainder turns non-negative: step / count of
            // the way up, give or take an ulp of rounding per subtraction.
            let ideal = Double(step) / Double(count) * 0x1.0p53
            #expect(abs(Double(threshold) - ideal) <= Double(2 * step), "step \(step): \(threshold) against \(ideal)")
            let multiple = (UInt64(step) << 53 + UInt64(count) - 1) / UInt64(count)  // ceil(step * 2^53 / count)
            points += [threshold, multiple]
        }
        var compared = 0
        for point in points {
            for bits in [point &- 1, point, point + 1] where bits < 1 << 53 {
                #expect(
                    draw.index(bits: bits, among: count) == UniformDraw.subtractingIndex(bits: bits, count: count),
                    "bits \(bits)")
                compared += 1
            }
        }
        #expect(compared >= 6 * (count - 1))
    }

    /// A power of two takes the draw's top bits; the subtractions must agree on both sides of
    /// every multiple of 2^53 / count, above the table's counts too.
    @Test(arguments: [1, 2, 4, 8, 16, 32, 64, 1024])
    func aPowerOfTwoTakesTheTopBits(count: Int) {
        for step in 0...count {
            let multiple = UInt64(step) << 53 / UInt64(count)
            for bits in [multiple &- 1, multiple, multiple + 1] where bits < 1 << 53 {
                #expect(draw.index(bits: bits, among: count) == UniformDraw.subtractingIndex(bits: bits, count: count), "bits \(bits)")
            }
        }
    }

    @Test func theExtremeDrawsGoToTheFirstAndLastOutcomes() {
        for count in 1...UniformDraw.maxCount + 3 {
            #expect(draw.index(bits: 0, among: count) == 0)
            #expect(draw.index(bits: (1 << 53) - 1, among: count) == count - 1)
        }
    }

    /// The public draw against `EpisodeRNG.sample` over listed outcomes, generator states
    /// included, for every count the table holds and two beyond it.
    @Test(arguments: Array(1...(UniformDraw.maxCount + 2)))
    func theDrawMatchesSamplingListedOutcomes(count: Int) {
        let outcomes = (0..<count).map { ChanceOutcome($0, probability: 1 / Double(count)) }
        var counts = [Int](repeating: 0, count: count)
        for episode in 0..<2_000 {
            var sampled = EpisodeRNG(seed: 5, episode: UInt64(episode))
            var drawn = sampled
            let expected = sampled.sample(outcomes)
            let index = draw.index(among: count, rng: &drawn)
            #expect(index == expected)
            #expect(drawn == sampled)
            counts[index] += 1
        }
        // Each of up to 18 outcomes gets 2,000 / count draws on average; none is starved.
        #expect(counts.allSatisfy { $0 > 2_000 / count / 3 }, "\(counts)")
    }
}
