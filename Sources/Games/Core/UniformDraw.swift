/// Draws among `count` equally likely outcomes exactly as `EpisodeRNG.sample` does when
/// every outcome has probability `1 / Double(count)`: the same index from the same draw,
/// leaving the generator in the same state, but without a loop whose exit depends on the draw.
///
/// `sample` subtracts the probability from a uniform double until the remainder goes
/// negative. In random playouts that loop's exit is a branch the processor cannot predict, and
/// a mispredicted branch costs more than the rest of a chance node. Each remainder is a
/// monotone function of the draw's 53 bits, so for every count there are integer thresholds,
/// `T(1) <= T(2) <= ...`, such that the i-th remainder is non-negative exactly when the bits
/// are at least `T(i)`; the index `sample` picks is the number of thresholds the bits reach.
/// `T(i)` lies within a few units of `i * 2^53 / count` (rounding is all that moves it), so
/// `bits * count / 2^53` is the index or one off, and the two thresholds around it settle
/// which: a multiplication and two comparisons, the same work for every draw. The thresholds
/// are found once, by bisection over the same double arithmetic `sample` performs, so they
/// are exact by construction (the tests compare both ways on every stretch of draws where
/// either could change).
public struct UniformDraw: Hashable, Sendable {
    /// The largest count with thresholds; larger counts fall back to the subtractions.
    public static let maxCount = 16

    /// Row `count` (`maxCount + 1` entries a row) holds `T(0) = 0`, `T(1)`, ...,
    /// `T(count - 1)` and then `UInt64.max` as `T(count)`: the last outcome also takes the
    /// rounding sliver `sample` gives it.
    @usableFromInline let thresholds: [UInt64]

    /// The one table every game shares (counts 1 to `maxCount`).
    public static let shared = UniformDraw()

    private init() {
        let stride = Self.maxCount + 1
        var table = [UInt64](repeating: 0, count: stride * stride)
        for count in 1...Self.maxCount {
            for step in 1..<count {
                table[count * stride + step] = Self.bisectThreshold(count: count, step: step)
            }
            table[count * stride + count] = .max
        }
        thresholds = table
    }

    /// The index `rng.sample` would draw from `count` outcomes of probability
    /// `1 / Double(count)` each, and the same change to `rng`.
    ///
    /// - Precondition: `count >= 1`.
    @inlinable @inline(__always)
    public func index(among count: Int, rng: inout EpisodeRNG) -> Int {
        index(bits: rng.next() &>> 11, among: count)
    }

    /// The index for the draw whose 53 bits (`unit()`'s numerator) are `bits`.
    @inlinable @inline(__always)
    func index(bits: UInt64, among count: Int) -> Int {
        precondition(count >= 1, "a draw needs at least one outcome")
        if count & (count &- 1) == 0 {
            // A power of two: 1 / count and every remainder are exact, so the index is the
            // draw's top bits (a constant count, as a two-way deal's, folds to one shift).
            return Int(truncatingIfNeeded: bits &>> UInt64(truncatingIfNeeded: 53 &- count.trailingZeroBitCount))
        }
        guard count <= Self.maxCount else { return Self.subtractingIndex(bits: bits, count: count) }
        // Below 2^57: no overflow.
        let estimate = Int(truncatingIfNeeded: (bits &* UInt64(truncatingIfNeeded: count)) &>> 53)
        return thresholds.withUnsafeBufferPointer { table in
            let entry = count &* (Self.maxCount &+ 1) &+ estimate
            return estimate &+ (bits >= table[entry &+ 1] ? 1 : 0) &- (bits < table[entry] ? 1 : 0)
        }
    }

    /// `T(step)` for `count` outcomes, as `index(bits:among:)` reads it.
    func threshold(count: Int, step: Int) -> UInt64 {
        thresholds[count * (Self.maxCount + 1) + step]
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
    static func bisectThreshold(count: Int, step: Int) -> UInt64 {
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
