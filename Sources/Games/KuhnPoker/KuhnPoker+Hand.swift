// The betting arithmetic of one hand, shared by the rules, the tensors and the text face.

extension KuhnPoker {
    /// The card (0...players) of `seat` in the current hand, or nil before it is dealt.
    @inlinable
    public func card(of seat: Int, in state: State) -> Int? {
        Self.card(of: seat, in: state.cards)
    }

    @inlinable
    static func card(of seat: Int, in cards: UInt64) -> Int? {
        let stored = Int((cards >> (4 * UInt64(seat))) & 0xF)
        return stored == 0 ? nil : stored - 1
    }

    /// The probability of each card the next deal can give: 1 / (cards not dealt yet).
    @inlinable
    func dealProbability(_ state: State) -> Double {
        1 / Double(players + 1 - Int(state.dealt))
    }

    /// The seat `steps` places after `seat` around the table, for `steps` in 0..<2 x players:
    /// `(seat + steps) % players` without a division, which costs more than a whole betting step.
    @inlinable @inline(__always)
    func seatAfter(_ seat: Int, steps: Int) -> Int {
        var next = seat &+ steps
        while next >= players { next &-= players }
        return next
    }

    /// The seat that opens hand `hand` (counted from 0): seat 0 in a single hand; alternating
    /// in a match. Under `spiral_v1` seat 1 opens hand 0: SPIRAL's `_init_round` sets
    /// `starting_player = 1 - starting_player` before every hand, starting from 0.
    @inlinable @inline(__always)
    public func opener(ofHand hand: Int) -> Int {
        let count = hand + (preset == .spiralV1 ? 1 : 0)
        return count < players ? count : count % players
    }

    /// The seat that takes the current betting step of the current hand (steps number fewer
    /// than 2 x players).
    @inlinable @inline(__always)
    func seatToAct(_ state: State) -> Int {
        seatAfter(opener(ofHand: Int(state.hand)), steps: Int(state.betCount))
    }

    /// The betting step of the first bet, if any.
    @inlinable @inline(__always)
    static func firstBet(_ bets: UInt32, _ betCount: UInt8) -> Int? {
        let made = bets & ((1 &<< UInt32(betCount)) &- 1)
        return made == 0 ? nil : made.trailingZeroBitCount
    }

    /// Whether the betting of the current hand is complete: n passes, or everyone answered the first bet.
    @inlinable @inline(__always)
    func isHandOver(_ state: State) -> Bool {
        if let first = Self.firstBet(state.bets, state.betCount) {
            return Int(state.betCount) == first + players
        }
        return Int(state.betCount) == players
    }

    /// The seats that put a bet (or a call) in, bit s for seat s, given the hand's opener.
    ///
    /// Bit operations instead of a walk over the steps: the winner and every return read it.
    @inlinable @inline(__always)
    func bettors(bets: UInt32, betCount: UInt8, opener: Int) -> UInt32 {
        let seats = UInt32(truncatingIfNeeded: players)
        let everyone: UInt32 = (1 &<< seats) &- 1
        // Steps number fewer than 2 x players: fold the second round onto the first, so that
        // bit t says that the seat taking step t of a round bet...
        let made = bets & ((1 &<< UInt32(truncatingIfNeeded: betCount)) &- 1)
        let byStep = (made | made &>> seats) & everyone
        // ...and step t is seat (opener + t) % players: rotate left by the opener.
        let shift = UInt32(truncatingIfNeeded: opener)
        return (byStep &<< shift | byStep &>> (seats &- shift)) & everyone
    }

    /// Whether `seat` put a bet (or a call) in, given the hand's opener.
    @inlinable @inline(__always)
    func didBet(seat: Int, bets: UInt32, betCount: UInt8, opener: Int) -> Bool {
        bettors(bets: bets, betCount: betCount, opener: opener) &>> UInt32(truncatingIfNeeded: seat) & 1 != 0
    }

    /// The seat that wins a finished hand: highest card among the bettors
    /// (`bettors(bets:betCount:opener:)`), or among all if nobody bet.
    ///
    /// Every seat is looked at, candidate or not, and the choice is made with selects: a loop
    /// over the candidates alone ends after a number of turns that depends on the cards, a
    /// branch the processor mispredicts in about every other random hand.
    @inlinable @inline(__always)
    func handWinner(cards: UInt64, bettors: UInt32) -> Int {
        let candidates = bettors != 0 ? bettors : (1 &<< UInt32(truncatingIfNeeded: players)) &- 1
        var winner = 0
        var best: UInt64 = 0
        var seat = 0
        while seat < players {
            // Cards are stored as card + 1, so a candidate's card beats `best`'s start and a
            // masked-out seat's 0 never does.
            let isCandidate = UInt64(truncatingIfNeeded: candidates &>> UInt32(truncatingIfNeeded: seat) & 1)
            let card = cards &>> UInt64(truncatingIfNeeded: 4 &* seat) & 0xF & (0 &- isCandidate)
            let better = card > best
            best = better ? card : best
            winner = better ? seat : winner
            seat &+= 1
        }
        return winner
    }

    /// The chips in the pot of a hand: the antes plus every bet and call (each bettor bets
    /// once); only the antes under `spiral_v1`, whose `_init_round` sets `pot = ante * 2` and
    /// whose bets and calls never add to it.
    @inlinable @inline(__always)
    func pot(bettors: UInt32) -> Int {
        players &+ countedBets(bettors).nonzeroBitCount
    }

    /// The bettors whose bets count: all of them, or none under `spiral_v1`, where nobody puts
    /// in more than the ante. A select, so that the rules' arithmetic has no branch on it.
    @inlinable @inline(__always)
    func countedBets(_ bettors: UInt32) -> UInt32 {
        preset == .standard ? bettors : 0
    }

    /// `seat`'s chips won (positive) or lost in a finished hand that `winner` won, given the
    /// hand's bettors (`bettors(bets:betCount:opener:)`) and its pot (`pot(bettors:)`).
    @inlinable @inline(__always)
    func handPayoff(bettors: UInt32, seat: Int, winner: Int, pot: Int) -> Int {
        let contribution = 1 &+ Int(truncatingIfNeeded: countedBets(bettors) &>> UInt32(truncatingIfNeeded: seat) & 1)
        // A select rather than a branch on who won, which random hands make unpredictable.
        let winnings = seat == winner ? pot : 0
        return winnings &- contribution
    }

    /// Ends the current hand: the last one ends the game; in a match, chips move and the next hand is dealt.
    @inlinable @inline(__always)
    func finishHand(_ state: inout State) {
        let opener = opener(ofHand: Int(state.hand))
        let bettors = bettors(bets: state.bets, betCount: state.betCount, opener: opener)
        let winner = handWinner(cards: state.cards, bettors: bettors)
        let pot = pot(bettors: bettors)
        state.handWinner = Int8(truncatingIfNeeded: winner)
        state.handBettors = UInt16(truncatingIfNeeded: bettors)
        state.handPot = UInt8(truncatingIfNeeded: pot)
        guard isMatch else {
            state.isOver = true
            return
        }
        Self.finishMatchHand(&state, seatZeroWon: handPayoff(bettors: bettors, seat: 0, winner: winner, pot: pot), rounds: rounds)
    }

    /// A match's side of ending a hand: chips move, the hand is kept, and the next is dealt
    /// unless it was the last. Out of line, since single hands (the common case) never come
    /// here; static, so that callers need not keep a copy of the game in memory to call it.
    @usableFromInline @inline(never)
    static func finishMatchHand(_ state: inout State, seatZeroWon chips: Int, rounds: Int) {
        state.chips += Int32(chips)
        var hands = state.finishedHands ?? []
        state.finishedHands = nil  // leaves `hands` the only reference, so the append does not copy
        hands.append(PastHand(cards: state.cards, bets: state.bets, betCount: state.betCount))
        state.finishedHands = hands
        if Int(state.hand) + 1 == rounds {
            state.isOver = true
            return
        }
        state.hand += 1
        state.cards = 0
        state.dealt = 0
        state.dealtMask = 0
        state.bets = 0
        state.betCount = 0
    }

    /// Whether the hand ended by everyone folding to a bet but one (no cards shown).
    func endedByFold(bets: UInt32, betCount: UInt8, opener: Int) -> Bool {
        guard Self.firstBet(bets, betCount) != nil else { return false }
        return (0..<players).filter { didBet(seat: $0, bets: bets, betCount: betCount, opener: opener) }.count == 1
    }

    /// The betting of a hand as OpenSpiel writes it: `p` for pass, `b` for bet.
    func bettingString(bets: UInt32, betCount: UInt8) -> String {
        String((0..<Int(betCount)).map { bets & (1 << UInt32($0)) != 0 ? "b" : "p" })
    }

    /// Every action of the game so far (deals and bets), OpenSpiel's history.
    public func history(_ state: State) -> [Int] {
        var actions: [Int] = []
        func appendHand(cards: UInt64, dealt: Int, bets: UInt32, betCount: UInt8) {
            for seat in 0..<dealt { actions.append(Self.card(of: seat, in: cards) ?? 0) }
            for step in 0..<Int(betCount) { actions.append(bets & (1 << UInt32(step)) != 0 ? 1 : 0) }
        }
        for hand in state.pastHands {
            appendHand(cards: hand.cards, dealt: players, bets: hand.bets, betCount: hand.betCount)
        }
        if !(isMatch && state.isOver) {
            appendHand(cards: state.cards, dealt: Int(state.dealt), bets: state.bets, betCount: state.betCount)
        }
        return actions
    }

    /// Seat 0's net chips over the finished hands (matches; 0 for a single hand).
    public func chips(_ state: State) -> Int { Int(state.chips) }

    /// The index of the hand being played (the number of hands played once the match is over).
    public func handIndex(_ state: State) -> Int { Int(state.hand) }
}
