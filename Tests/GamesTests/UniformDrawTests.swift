import Testing

@testable import Games

/// `UniformDraw` replaces `EpisodeRNG.sample`'s subtractions with integer thresholds; every
/// seed's games depend on the two agreeing on every draw, so they are compared where they
/// could differ: at, just below and just above every threshold, and on random draws.
@Suite("UniformDraw draws what sampling equal probabilities draws")
struct UniformDrawTests {
    let draw = UniformDraw.shared

    /// The index of the table's draw for a given 53-bit draw.
    func tableIndex(bits: UInt64, count: Int) -> Int {
        var index = 0
        for step in 1..<count where bits >= draw.thresholds[count * UniformDraw.maxCount + step - 1] {
            index += 1
        }
        return index
    }

    @Test func theThresholdsAgreeWithTheSubtractionsAroundEveryBoundary() {
        var boundariesChecked = 0
        for count in 2...UniformDraw.maxCount {
            for step in 1..<count {
                let threshold = draw.thresholds[count * UniformDraw.maxCount + step - 1]
                // A threshold is where the step-th remainder turns non-negative: step / count of
                // the way up, give or take an ulp of rounding per subtraction.
                let ideal = Double(step) / Double(count) * 0x1.0p53
                #expect(abs(Double(threshold) - ideal) <= Double(2 * step), "count \(count), step \(step): \(threshold) against \(ideal)")
                for offset: Int64 in -3...3 {
                    let bits = UInt64(Int64(threshold) + offset)
                    #expect(
                        tableIndex(bits: bits, count: count) == UniformDraw.subtractingIndex(bits: bits, count: count),
                        "count \(count), bits \(bits)")
                }
                boundariesChecked += 1
            }
        }
        #expect(boundariesChecked == (2...UniformDraw.maxCount).reduce(0) { $0 + $1 - 1 })
    }

    @Test func theExtremeDrawsGoToTheFirstAndLastOutcomes() {
        for count in 1...UniformDraw.maxCount {
            #expect(tableIndex(bits: 0, count: count) == 0)
            #expect(tableIndex(bits: (1 << 53) - 1, count: count) == count - 1)
            #expect(UniformDraw.subtractingIndex(bits: (1 << 53) - 1, count: count) == count - 1)
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
