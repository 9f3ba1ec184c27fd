extension KuhnPoker.State {
    // Written out rather than synthesized: the synthesized versions hash `pastHands` through
    // the generic `Array: Hashable` conformance, a runtime metadata lookup per call, which made
    // a state lookup in the bridge's text cache cost about 700 instructions (callgrind). Every
    // stored property takes part but `handBettors`, `handPot` and `dealtMask`, which follow
    // from the others (the bets and the cards).

    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.cards == rhs.cards && lhs.dealt == rhs.dealt && lhs.bets == rhs.bets
            && lhs.betCount == rhs.betCount && lhs.hand == rhs.hand && lhs.chips == rhs.chips
            && lhs.isOver == rhs.isOver && lhs.handWinner == rhs.handWinner
            && lhs.pastHands.count == rhs.pastHands.count
            && zip(lhs.pastHands, rhs.pastHands).allSatisfy { $0 == $1 }
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(cards)
        hasher.combine(dealt)
        hasher.combine(bets)
        hasher.combine(betCount)
        hasher.combine(hand)
        hasher.combine(chips)
        hasher.combine(isOver)
        hasher.combine(handWinner)
        hasher.combine(pastHands.count)
        for past in pastHands { hasher.combine(past) }
    }
}
