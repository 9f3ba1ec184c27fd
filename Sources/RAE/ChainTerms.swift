/// What each turn adds to its chain's discounted sum, read from the batch's columns four
/// turns at a time (``BLASDiscountedSums/CyclicEpisodes``) or one at a time near their ends.
///
/// The four-turn form loads every lane and clears lanes with bit masks (`SIMD4<Int32>`
/// arithmetic, which compiles to vector code): conditional loads, `SIMD4` comparisons and
/// `SIMDMask` compiled to branches or lane-by-lane code, 5-20 times slower (callgrind).
protocol ChainTerms {
    /// How many turns past a turn its term reads.
    var lookahead: Int { get }

    /// The bit patterns of the terms of turns `turn ..< turn + 4`, 0 past the episode's end.
    /// - Parameters:
    ///   - turn: a batch index.
    ///   - inside: all ones in the lanes before the episode's end, else 0.
    ///   - nextInside: all ones in the lanes whose turn `lookahead` turns on is in the episode.
    func vector(at turn: Int, inside: SIMD4<Int32>, nextInside: SIMD4<Int32>) -> SIMD4<Int32>

    /// The term of one turn inside its episode.
    func scalar(at turn: Int, turnInEpisode: Int, length: Int) -> Float

    /// The sign bit set in the lanes of turns `turn ..< turn + 4` whose inputs (reward, value)
    /// are not finite; other lanes hold anything with the sign bit clear.
    func nonFinite(at turn: Int) -> SIMD4<Int32>

    /// Whether one turn's inputs are finite.
    func isFinite(at turn: Int) -> Bool
}

/// The sign bit set in the lanes of `bits` (floats) that are infinite or NaN: their exponent
/// is all ones, and adding one exponent step carries into the sign bit.
@inline(__always)
func nonFiniteBits(_ bits: SIMD4<Int32>) -> SIMD4<Int32> {
    (bits & SIMD4(repeating: 0x7f80_0000)) &+ SIMD4(repeating: 0x0080_0000)
}

/// Returns sum the rewards.
struct Rewards: ChainTerms {
    let rewards: UnsafePointer<Float>

    var lookahead: Int { 0 }

    @inline(__always)
    func vector(at turn: Int, inside: SIMD4<Int32>, nextInside: SIMD4<Int32>) -> SIMD4<Int32> {
        UnsafeRawPointer(rewards + turn).loadUnaligned(as: SIMD4<Int32>.self) & inside
    }

    @inline(__always)
    func scalar(at turn: Int, turnInEpisode: Int, length: Int) -> Float { rewards[turn] }

    @inline(__always)
    func nonFinite(at turn: Int) -> SIMD4<Int32> {
        nonFiniteBits(UnsafeRawPointer(rewards + turn).loadUnaligned(as: SIMD4<Int32>.self))
    }

    @inline(__always)
    func isFinite(at turn: Int) -> Bool { rewards[turn].isFinite }
}

/// GAE sums TD errors `delta_t = r_t + gamma * V_next - V_t`, where, seats taking turns in
/// cyclic order, `V_next` is the value `period` turns on, or 0 past the episode's end.
struct TemporalDifferences: ChainTerms {
    let rewards: UnsafePointer<Float>
    let values: UnsafePointer<Float>
    let gamma: Float
    /// Turns from one of a seat's turns to its next: the seat count.
    let period: Int

    var lookahead: Int { period }

    @inline(__always)
    func vector(at turn: Int, inside: SIMD4<Int32>, nextInside: SIMD4<Int32>) -> SIMD4<Int32> {
        let reward = UnsafeRawPointer(rewards + turn).loadUnaligned(as: SIMD4<Float>.self)
        let value = UnsafeRawPointer(values + turn).loadUnaligned(as: SIMD4<Float>.self)
        let nextValue = UnsafeRawPointer(values + (turn &+ period)).loadUnaligned(as: SIMD4<Float>.self)
        let own = unsafeBitCast(reward - value, to: SIMD4<Int32>.self) & inside
        let next = unsafeBitCast(gamma * nextValue, to: SIMD4<Int32>.self) & nextInside
        return unsafeBitCast(
            unsafeBitCast(own, to: SIMD4<Float>.self) + unsafeBitCast(next, to: SIMD4<Float>.self),
            to: SIMD4<Int32>.self)
    }

    @inline(__always)
    func scalar(at turn: Int, turnInEpisode: Int, length: Int) -> Float {
        let next = turnInEpisode &+ period < length ? gamma * values[turn &+ period] : 0
        return rewards[turn] - values[turn] + next
    }

    @inline(__always)
    func nonFinite(at turn: Int) -> SIMD4<Int32> {
        nonFiniteBits(UnsafeRawPointer(rewards + turn).loadUnaligned(as: SIMD4<Int32>.self))
            | nonFiniteBits(UnsafeRawPointer(values + turn).loadUnaligned(as: SIMD4<Int32>.self))
    }

    @inline(__always)
    func isFinite(at turn: Int) -> Bool { rewards[turn].isFinite && values[turn].isFinite }
}
