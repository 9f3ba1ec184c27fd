/// Draws among `count` equally likely outcomes exactly as `EpisodeRNG.sample` does when
/// every outcome has probability `1 / Double(count)`: the same index from the same draw,
/// leaving the generator in the same state, but without a loop whose exit depends on the draw.
///
/// `sample` subtracts the probability from a uniform double until the remainder goes
/// negative. In random playouts that loop's exit is a branch the processor cannot predict, and
/// a mispredicted branch costs more than the rest of a chance node. Each remainder is a
/// monotone function of the draw's 53 bits, so for every count there are integer thresholds,
/// `T(1) <= T(2) <= ...`, such that the i-th remainder is non-negative exactly when the bits
/// are at least `T(i)`. The index `sample` picks is then the number of thresholds the bits
/// reach, which is a sum of comparisons with no branch. The thresholds are found once, by
/// bisection over the same double arithmetic `sample` performs, so they are exact by
/// construction (the tests compare both ways at and around every threshold).
public struct UniformDraw: Hashable, Sendable {
    /// The largest count with thresholds; larger counts fall back to the subtractions.
    public static let maxCount = 16

    /// `thresholds[count * maxCount + i - 1]` is `T(i)` for `count` outcomes, i in 1..<count.
    @usableFromInline let thresholds: [UInt64]

    /// The one table every game shares (counts 1 to `maxCount`).
    public static let shared = UniformDraw()

    private init() {
        var table = [UInt64](repeating: 0, count: (Self.maxCount + 1) * Self.maxCount)
        for count in 2...Self.maxCount {
            for step in 1..<count {
                table[count * Self.maxCount + step - 1] = Self.threshold(count: count, step: step)
            }
        }
        thresholds = table
    }

    /// The index `rng.sample` would draw from `count` outcomes of probability
    /// `1 / Double(count)` each, and the same change to `rng`.
    ///
    /// - Precondition: `count >= 1`.
    @inlinable @inline(__always)
    public func index(among count: Int, rng: inout EpisodeRNG) -> Int {
        let bits = rng.next() &>> 11
        guard count <= Self.maxCount else { return Self.subtractingIndex(bits: bits, count: count) }
        precondition(count >= 1, "a draw needs at least one outcome")
        return thresholds.withUnsafeBufferPointer { table in
            let row = count &* Self.maxCount &- 1
            var index = 0
            var step = 1
            // The trip count depends on `count` only, so the loop's branch is predictable.
            while step < count {
                index &+= bits >= table[row &+ step] ? 1 : 0
                step &+= 1
            }
            return index
        }
    }

    /// The index `sample` picks for the draw whose 53 bits are `bits`: `unit()` is
    /// `Double(bits) * 2^-53`, and the probability is subtracted until the remainder goes
    /// negative (the last outcome takes any rounding sliver above the last sum).
    @usableFromInline
    static func subtractingIndex(bits: UInt64, count: Int) -> Int {
        let probability = 1 / Double(count)
        var remaining = Double(bits) * 0x1.0p-53
        for index in 0..<count {
            remaining -= probability
            if remaining < 0 { return index }
        }
        return count - 1
    }

    /// The least 53-bit draw whose remainder after `step` subtractions of `1 / count` is not
    /// negative (`2^53`, above every draw, when there is none). Every step's remainder only
    /// grows with the draw, so bisection finds it.
    static func threshold(count: Int, step: Int) -> UInt64 {
        let probability = 1 / Double(count)
        func remainderIsNonNegative(_ bits: UInt64) -> Bool {
            var remaining = Double(bits) * 0x1.0p-53
            for _ in 0..<step { remaining -= probability }
            return remaining >= 0
        }
        var low: UInt64 = 0  // remainderIsNonNegative(low - 1) is false (or low is 0)
        var high: UInt64 = 1 << 53  // treated as true
        while low < high {
            let middle = low + (high - low) / 2
            if remainderIsNonNegative(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
