// A whole random hand of two-player Kuhn Poker as straight-line code.

extension KuhnPoker {
    /// A random rollout (see `Game.playOutRandomly`). A fresh two-player single hand, the game
    /// OpenSpiel's `kuhn_poker` plays and random self-play starts from, is played as the five or
    /// six draws it takes in order, with no dispatch on the current player between them and no
    /// branch on what was drawn; every other state (a hand under way, more players, a match)
    /// takes the step-by-step loop.
    @inlinable @inline(__always)
    public func playOutRandomly(
        _ state: inout State, rng: inout EpisodeRNG, legal: ActionBuffer<Int>, outcomes: ActionBuffer<ChanceOutcome<Int>>
    ) -> Int {
        guard players == 2, !isMatch, state.dealt == 0, !state.isOver else {
            return playOutStepByStep(&state, rng: &rng, legal: legal, outcomes: outcomes)
        }
        // The deals, as `sampleChance` draws them: a card among three, then the rank of the
        // second among the two left (it steps over the first card when at or above it).
        let first = dealDraw.index(among: 3, rng: &rng)
        let rank = dealDraw.index(among: 2, rng: &rng)
        let second = rank &+ (rank >= first ? 1 : 0)
        state.cards = UInt64(truncatingIfNeeded: first &+ 1) | UInt64(truncatingIfNeeded: second &+ 1) &<< 4
        state.dealtMask = UInt16(truncatingIfNeeded: 1 &<< first | 1 &<< second)
        state.dealt = 2
        // The betting, as `sampleLegalAction` draws it (the drawn index is the action): seat 0
        // opens; the hand ends after two steps unless seat 0 checked and seat 1 bet, when seat
        // 0 answers the bet. The answer's draw is made on every hand and kept (generator
        // state included) only in that line: a branch on the drawn moves would be
        // mispredicted in most hands, and a miss costs more than the draw.
        let opening = rng.index(below: 2)
        let answer = rng.index(below: 2)
        var answered = rng
        let reply = answered.index(below: 2)
        let isAnswered = opening == Self.pass && answer == Self.bet
        rng.take(answered, if: isAnswered)
        // The drawn moves are 0 or 1, so the third bet bit is one product of them.
        let third = reply & answer & (1 &- opening)
        state.bets = UInt32(truncatingIfNeeded: opening | answer &<< 1 | third &<< 2)
        let betCount: UInt8 = isAnswered ? 3 : 2
        state.betCount = betCount
        finishHand(&state)
        return Int(betCount)
    }
}
