/// A value-greedy Negotiation player for tournaments and tests: it accepts an offer only when
/// the trade raises its own inventory value, and proposes only trades that do.
///
/// It reads only what its seat knows: its own values and inventory, the pending offer and the
/// public history; never the opponent's values. It does not model the opponent, so it may
/// accept a trade that helps the opponent more (and lose on relative gain).
///
/// Choice: accept a pending offer worth at least `minimumGain` to it; otherwise propose, among
/// the offers it can make that are worth at least `minimumGain` to it, one of those worth the
/// least (the most generous, so the likeliest to be accepted), uniformly at random among ties;
/// otherwise deny a pending offer, or pass.
public struct NegotiationHeuristic: Hashable, Sendable {
    /// The smallest rise of its own inventory value that makes a trade worth doing (at least 1).
    public var minimumGain: Int

    /// Creates the heuristic.
    ///
    /// - Precondition: `minimumGain >= 1`, so that it never trades without gaining.
    public init(minimumGain: Int = 1) {
        precondition(minimumGain >= 1, "minimumGain must be at least 1, got \(minimumGain)")
        self.minimumGain = minimumGain
    }

    /// The action of `seat`, which must be the seat to move at `state`.
    ///
    /// - Parameters:
    ///   - rng: breaks ties between equally generous offers.
    /// - Returns: a talk-free legal action.
    public func action(
        for seat: Int, in state: Negotiation.State, game: Negotiation, rng: inout EpisodeRNG
    ) -> Negotiation.Action {
        precondition(game.currentPlayer(state) == .seat(seat), "seat \(seat) is not to move")
        if let pending = state.pendingOffer, game.canAccept(pending, seat: seat, in: state),
            game.valueChange(of: pending, for: seat, asProposer: false, in: state) >= minimumGain
        {
            return .accept
        }
        if let offer = mostGenerousGainingOffer(for: seat, in: state, game: game, rng: &rng) {
            return .offer(offer)
        }
        return state.pendingOffer == nil ? .pass : .deny
    }

    /// Among the offers `seat` can make that gain it at least `minimumGain`, a uniformly chosen
    /// one of those that gain it the least; nil when none gains enough.
    func mostGenerousGainingOffer(
        for seat: Int, in state: Negotiation.State, game: Negotiation, rng: inout EpisodeRNG
    ) -> Negotiation.Offer? {
        let held = state.inventory(seat)
        let values = state.values(seat)
        var chosen: Negotiation.Offer?
        var smallestGain = Int.max
        var ties = 0
        for give in 0..<game.resourceCount where held[give] > 0 {
            for receive in 0..<game.resourceCount where receive != give {
                for giveQuantity in 1...min(game.maxOffer, Int(held[give])) {
                    for receiveQuantity in 1...game.maxOffer {
                        let gain = receiveQuantity * Int(values[receive]) - giveQuantity * Int(values[give])
                        guard gain >= minimumGain, gain <= smallestGain else { continue }
                        if gain < smallestGain {
                            smallestGain = gain
                            ties = 0
                        }
                        // Reservoir sampling: each tie ends up chosen with probability 1/ties.
                        ties += 1
                        if rng.index(below: ties) == 0 {
                            chosen = Negotiation.Offer(
                                giveResource: give, giveQuantity: giveQuantity,
                                receiveResource: receive, receiveQuantity: receiveQuantity)
                        }
                    }
                }
            }
        }
        return chosen
    }
}
