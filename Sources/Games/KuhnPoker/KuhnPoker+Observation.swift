// Information states and tensors, laid out as OpenSpiel's kuhn_poker so policies and
// numbers move between the two.

extension KuhnPoker {
    /// OpenSpiel's information-state tensor (6n-1 floats): one-hot observing seat [n], own
    /// card [n+1], then (pass, bet) for each of the 2n-1 betting steps. A match appends the
    /// hands played / rounds, and the seat's own and the opponent's net chips / rounds.
    @inlinable
    public func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        buffer.initialize(repeating: 0)
        buffer[seat] = 1
        let inHand = !(isMatch && state.isOver)
        if inHand, let card = card(of: seat, in: state) {
            buffer[players + card] = 1
        } else if !inHand, let last = state.pastHands.last, let card = Self.card(of: seat, in: last.cards) {
            buffer[players + card] = 1
        }
        let bets = inHand ? state.bets : state.pastHands.last?.bets ?? 0
        let betCount = inHand ? state.betCount : state.pastHands.last?.betCount ?? 0
        let bettingStart = 2 * players + 1
        for step in 0..<Int(betCount) {
            let action = bets & (1 << UInt32(step)) != 0 ? 1 : 0
            buffer[bettingStart + 2 * step + action] = 1
        }
        if isMatch {
            let extra = 6 * players - 1
            let own = seat == 0 ? state.chips : -state.chips
            buffer[extra] = Float(state.pastHands.count) / Float(rounds)
            buffer[extra + 1] = Float(own) / Float(rounds)
            buffer[extra + 2] = Float(-own) / Float(rounds)
        }
    }

    /// OpenSpiel's information-state string: the seat's card then the betting, e.g. `1pb`;
    /// empty before the seat's card is dealt. A match writes one such part per hand, joined by
    /// `/`, and a finished hand that went to showdown adds `:c`, the opponent's revealed card.
    public func informationState(_ state: State, seat: Int) -> String {
        var parts: [String] = []
        for (index, hand) in state.pastHands.enumerated() {
            var part = String(Self.card(of: seat, in: hand.cards) ?? 0) + bettingString(bets: hand.bets, betCount: hand.betCount)
            if !endedByFold(bets: hand.bets, betCount: hand.betCount, opener: opener(ofHand: index)),
                let other = Self.card(of: 1 - seat, in: hand.cards)
            {
                part += ":\(other)"
            }
            parts.append(part)
        }
        if !(isMatch && state.isOver) {
            if let card = card(of: seat, in: state) {
                parts.append(String(card) + bettingString(bets: state.bets, betCount: state.betCount))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The history as comma-separated action numbers (deals, then 0/1 bets), as OpenSpiel prints it.
    public func encodeState(_ state: State) -> String {
        history(state).map(String.init).joined(separator: ",")
    }

    public func decodeState(_ text: String) throws(GameError) -> State {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return initialState() }
        var actions: [Int] = []
        for item in trimmed.split(separator: ",") {
            guard let action = Int(item.trimmingWhitespace()) else {
                throw .badState(game: name, reason: "'\(item)' is not an action number")
            }
            actions.append(action)
        }
        return try replay(actions)
    }
}
