/// The random number generator every episode owns: xoshiro256** seeded by SplitMix64 from
/// (run seed, episode index).
///
/// The same (seed, episode) pair gives the same stream on every machine and thread count;
/// there is no global generator anywhere in SelfPlay.
public struct EpisodeRNG: RandomNumberGenerator, Hashable, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// The generator of episode `episode` of a run seeded with `seed`.
    @inlinable @inline(__always)
    public init(seed: UInt64, episode: UInt64 = 0) {
        // SplitMix64 over a mix of both numbers: distinct pairs give unrelated streams.
        var mixer = seed &+ 0x9E37_79B9_7F4A_7C15 &* (episode &+ 1)
        mixer ^= episode &* 0xD1B5_4A32_D192_ED03
        s0 = Self.splitMix(&mixer)
        s1 = Self.splitMix(&mixer)
        s2 = Self.splitMix(&mixer)
        s3 = Self.splitMix(&mixer)
    }

    @inlinable @inline(__always)
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Takes `other`'s state when `condition` holds, with masks rather than a branch: for a draw
    /// made ahead on a copy and kept only on some paths, where a branch on drawn values would
    /// be mispredicted.
    @inlinable @inline(__always)
    public mutating func take(_ other: EpisodeRNG, if condition: Bool) {
        let keep = 0 &- UInt64(condition ? 1 : 0)
        s0 = other.s0 & keep | s0 & ~keep
        s1 = other.s1 & keep | s1 & ~keep
        s2 = other.s2 & keep | s2 & ~keep
        s3 = other.s3 & keep | s3 & ~keep
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; the bias is below 2^-58
    /// for the bounds games use).
    ///
    /// - Precondition: `bound > 0`.
    @inlinable @inline(__always)
    public mutating func index(below bound: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: bound).multipliedFullWidth(by: next()).high)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Samples an outcome of a chance node by its probabilities.
    ///
    /// - Precondition: `outcomes` is not empty and its probabilities sum to 1.
    @inlinable
    public mutating func sample<Outcomes: RandomAccessCollection<ChanceOutcome<Action>>, Action>(_ outcomes: Outcomes) -> Action
    where Outcomes.Index == Int {
        var remaining = unit()
        for outcome in outcomes {
            remaining -= outcome.probability
            if remaining < 0 { return outcome.action }
        }
        // Rounding can leave a sliver above the last cumulative sum; it belongs to the last outcome.
        return outcomes[outcomes.endIndex - 1].action
    }
}
