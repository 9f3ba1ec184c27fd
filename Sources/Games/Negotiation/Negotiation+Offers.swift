// The action index space, the legality of offers and acceptances, and inventory arithmetic.

extension Negotiation {
    /// Index of pass.
    public static let passIndex = 0
    /// Index of accept.
    public static let acceptIndex = 1
    /// Index of deny.
    public static let denyIndex = 2
    /// Index of the first offer.
    public static let firstOfferIndex = 3

    /// The index of a seat action: 0 pass, 1 accept, 2 deny, then offers at
    /// `3 + ((g·(K−1) + r′)·M + a − 1)·M + b − 1`, where `g` is the given resource, `r′` the
    /// received resource counted without `g` (`r` if `r < g`, else `r − 1`), `a` and `b` the
    /// given and asked quantities (1...M) and `M = maxOffer`. The message is ignored; a chance
    /// outcome's index is the number drawn.
    @inlinable
    public func actionIndex(_ action: Action) -> Int {
        switch action.move {
        case .pass: return Self.passIndex
        case .accept: return Self.acceptIndex
        case .deny: return Self.denyIndex
        case .chance(let number): return number
        case .offer(let offer):
            let receiveSlot = offer.receiveResource < offer.giveResource ? offer.receiveResource : offer.receiveResource - 1
            let pair = offer.giveResource * (resourceCount - 1) + receiveSlot
            return Self.firstOfferIndex + (pair * maxOffer + offer.giveQuantity - 1) * maxOffer + offer.receiveQuantity - 1
        }
    }

    @inlinable
    public func action(atIndex index: Int) -> Action? {
        guard index >= 0, index < actionCount else { return nil }
        switch index {
        case Self.passIndex: return .pass
        case Self.acceptIndex: return .accept
        case Self.denyIndex: return .deny
        default:
            var rest = index - Self.firstOfferIndex
            let receiveQuantity = rest % maxOffer + 1
            rest /= maxOffer
            let giveQuantity = rest % maxOffer + 1
            rest /= maxOffer
            let receiveSlot = rest % (resourceCount - 1)
            let give = rest / (resourceCount - 1)
            let receive = receiveSlot >= give ? receiveSlot + 1 : receiveSlot
            return .offer(Offer(giveResource: give, giveQuantity: giveQuantity, receiveResource: receive, receiveQuantity: receiveQuantity))
        }
    }

    /// Whether `offer` fits the action space: two different resources, quantities 1...maxOffer.
    @inlinable
    public func isInActionSpace(_ offer: Offer) -> Bool {
        (0..<resourceCount).contains(offer.giveResource) && (0..<resourceCount).contains(offer.receiveResource)
            && offer.giveResource != offer.receiveResource
            && (1...maxOffer).contains(offer.giveQuantity) && (1...maxOffer).contains(offer.receiveQuantity)
    }

    /// Whether `seat` may make `offer` at `state`: it is in the action space and the seat holds what it gives.
    @inlinable
    public func isOfferable(_ offer: Offer, by seat: Int, in state: State) -> Bool {
        isInActionSpace(offer) && Int(state.inventory(seat)[offer.giveResource]) >= offer.giveQuantity
    }

    /// Whether `seat` may accept `offer` (made by the other seat): the acceptor holds what is
    /// asked and the proposer still holds what it offered.
    @inlinable
    public func canAccept(_ offer: Offer, seat: Int, in state: State) -> Bool {
        Int(state.inventory(seat)[offer.receiveResource]) >= offer.receiveQuantity
            && Int(state.inventory(1 - seat)[offer.giveResource]) >= offer.giveQuantity
    }

    /// `seat`'s inventory value at its own prices.
    @inlinable
    public func inventoryValue(of seat: Int, in state: State) -> Int {
        Int((state.inventory(seat) &* state.values(seat)).wrappedSum())
    }

    /// `seat`'s starting inventory value at its own prices.
    @inlinable
    public func startingValue(of seat: Int, in state: State) -> Int {
        Int((state.start(seat) &* state.values(seat)).wrappedSum())
    }

    /// How much `seat`'s inventory value (at its own prices) rose since the start; negative if it fell.
    @inlinable
    public func gain(of seat: Int, in state: State) -> Int {
        Int(((state.inventory(seat) &- state.start(seat)) &* state.values(seat)).wrappedSum())
    }

    /// How much a trade of `offer` would change the value of `seat`'s inventory at its own
    /// prices, `seat` being the proposer when `asProposer`, the acceptor otherwise.
    @inlinable
    public func valueChange(of offer: Offer, for seat: Int, asProposer: Bool, in state: State) -> Int {
        let change = (offer.proposerChange &* state.values(seat)).wrappedSum()
        return Int(asProposer ? change : -change)
    }

    /// `seat`'s current quantity of each resource.
    public func inventory(of seat: Int, in state: State) -> [Int] {
        (0..<resourceCount).map { Int(state.inventory(seat)[$0]) }
    }

    /// `seat`'s starting quantity of each resource (0 for quantities not drawn yet).
    public func startingInventory(of seat: Int, in state: State) -> [Int] {
        (0..<resourceCount).map { Int(state.start(seat)[$0]) }
    }

    /// `seat`'s private value of each resource (0 for values not drawn yet).
    public func values(of seat: Int, in state: State) -> [Int] {
        (0..<resourceCount).map { Int(state.values(seat)[$0]) }
    }

    /// The seat that made the pending offer, if one is pending: always the previous mover.
    @inlinable
    public func proposer(in state: State) -> Int? {
        state.pending == nil ? nil : (state.moves.count - 1) & 1
    }
}
