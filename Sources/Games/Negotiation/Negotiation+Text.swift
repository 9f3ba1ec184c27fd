// The text face, in the style of SPIRAL's SimpleNegotiation-v1 (a fork of TextArena's): the
// rules and the seat's own resources, the turn count, the message history as `[GAME] ...` and
// `[Player N] ...` lines, then the action formats valid now.

extension Negotiation {
    /// The canonical text of a move, as the parser reads it: `[Offer: 3 Wood -> 1 Gold]`,
    /// `[Accept]`, `[Deny]`, `[Pass]`; a chance outcome is `[draw N]`.
    public func moveText(_ move: Move) -> String {
        switch move {
        case .pass: return "[Pass]"
        case .accept: return "[Accept]"
        case .deny: return "[Deny]"
        case .offer(let offer): return "[Offer: \(offerText(offer))]"
        case .chance(let number): return "[draw \(number)]"
        }
    }

    /// `3 Wood -> 1 Gold`.
    public func offerText(_ offer: Offer) -> String {
        "\(offer.giveQuantity) \(resourceNames[offer.giveResource]) -> \(offer.receiveQuantity) \(resourceNames[offer.receiveResource])"
    }

    /// The reply as written when the action carries talk; otherwise the canonical move text.
    /// A setup draw reads like `[Player 0 starts with 17 Wood]` or `[Player 1 values Ore at 35]`.
    public func actionText(_ action: Action, in state: State) -> String {
        if case .chance(let number) = action.move, state.setupDraws < setupSlots.count {
            let slot = setupSlots[state.setupDraws]
            let resource = resourceNames[slot.resource]
            return slot.kind == .quantity
                ? "[Player \(slot.seat) starts with \(number) \(resource)]"
                : "[Player \(slot.seat) values \(resource) at \(number)]"
        }
        return action.message.isEmpty ? moveText(action.move) : action.message
    }

    public func observationText(_ state: State, seat: Int) -> String {
        var lines = [rulesText(state, seat: seat)]
        let player = currentPlayer(state)
        if player != .terminal { lines.append("Turn \(min(state.moves.count + 1, turns)) of \(turns)") }
        lines += historyLines(state)
        switch player {
        case .chance:
            lines.append("[GAME] The game is being set up: starting quantities and values are being drawn.")
        case .seat(let mover) where mover == seat:
            lines.append("[GAME] It is your turn. Your valid actions: \(validActionFormats(state).joined(separator: ", "))")
        case .seat(let mover):
            lines.append("[GAME] Waiting for Player \(mover).")
        case .terminal:
            lines.append(resultLine(state, seat: seat))
        }
        return lines.joined(separator: "\n")
    }

    /// The action formats `state`'s mover may use now: the offer format (while it holds
    /// anything to offer), `[Accept]` (when it can pay what the pending offer asks), `[Deny]`
    /// (when an offer is pending) and `[Pass]`.
    public func validActionFormats(_ state: State) -> [String] {
        guard case .seat(let seat) = currentPlayer(state) else { return [] }
        var formats: [String] = []
        let held = state.inventory(seat)
        if (0..<resourceCount).contains(where: { held[$0] > 0 }) {
            formats.append("[Offer: <quantity> <resource> -> <quantity> <resource>] (1 to \(maxOffer) of each)")
        }
        if let pending = state.pending {
            if canAccept(pending, seat: seat, in: state) { formats.append("[Accept]") }
            formats.append("[Deny]")
        }
        formats.append("[Pass] (or talk without a command)")
        return formats
    }

    private func rulesText(_ state: State, seat: Int) -> String {
        let hidden = undrawnSlots(of: seat, in: state)
        func shown(_ number: Int32, _ kind: SetupSlot.Kind, _ resource: Int) -> String {
            hidden.contains(SlotKey(kind: kind, resource: resource)) ? "?" : String(number)
        }
        let inventory = state.inventory(seat)
        let values = state.values(seat)
        let resourceLines = (0..<resourceCount).map { resource in
            "[\(resourceNames[resource])]  Qty: \(shown(inventory[resource], .quantity, resource))  Value: \(shown(values[resource], .value, resource))"
        }
        let worth =
            hidden.isEmpty
            ? "Your inventory is worth \(inventoryValue(of: seat, in: state)) at your values; it started at \(startingValue(of: seat, in: state))."
            : "Your inventory's worth is known once setup is over."
        let give = resourceNames[0]
        let get = resourceNames[1]
        let example = "[Offer: \(min(3, maxOffer)) \(give) -> 1 \(get)]"
        return """
            [GAME] You are Player \(seat) in the Negotiation Game.
            You have some resources, and your task is to trade such that the total value of your resources increases.
            The resources and associated values you currently have are:
            \(resourceLines.joined(separator: "\n"))
            \(worth)
            Your values are private, and your opponent may value the resources differently.
            At each turn, you can talk to your opponent and make a trade offer or answer one.
            Use the following special tokens for actions:
              - [Offer: Offered Resources -> Requested Resources]: make a trade offer; you give what is before '->' and receive what is after it. Example: \(example). An offer gives 1 to \(maxOffer) of one resource for 1 to \(maxOffer) of another.
              - [Accept]: accept the offer you have just received; the trade happens at once.
              - [Deny]: reject it. An offer not accepted on the next turn lapses, and a counter-offer rejects it too.
              - [Pass], or talk without a command: make no offer.
            YOU CAN INCLUDE ADDITIONAL TEXT BEFORE AND/OR AFTER THESE TOKENS; your opponent sees your whole message.
            The game lasts for \(turns) turns in total; players alternate, starting with Player 0. When it ends, each inventory is valued at its owner's prices, and the player whose inventory value increased more wins (equal increases are a draw).
            """
    }

    /// The public history: each move as the player wrote it, then what the game made of it.
    func historyLines(_ state: State) -> [String] {
        var lines: [String] = []
        var wasPending = false
        forEachMove(state) { turn, move, message in
            let seat = turn & 1
            let other = 1 - seat
            lines.append("[Player \(seat)] \(message ?? moveText(move))")
            switch move {
            case .offer(let offer):
                if wasPending {
                    lines.append("[GAME] Player \(seat) implicitly denied the previous offer by making a counter-offer.")
                }
                lines.append(
                    "[GAME] Player \(seat) made the following offer to Player \(other): Offered items: \(offer.giveQuantity) \(resourceNames[offer.giveResource]) -> Requested items: \(offer.receiveQuantity) \(resourceNames[offer.receiveResource])"
                )
            case .accept:
                lines.append("[GAME] Player \(seat) accepted the trade offer from Player \(other).")
            case .deny:
                lines.append("[GAME] Player \(seat) denied the trade offer from Player \(other).")
            case .pass where wasPending:
                lines.append("[GAME] Player \(seat) did not answer, so the offer from Player \(other) lapsed.")
            case .pass, .chance:
                lines.append("[GAME] Player \(seat) made no new trade offer.")
            }
            if case .offer = move { wasPending = true } else { wasPending = false }
        }
        return lines
    }

    private func resultLine(_ state: State, seat: Int) -> String {
        let own = gain(of: seat, in: state)
        let change =
            "Your inventory value changed by \(own > 0 ? "+" : "")\(own) (from \(startingValue(of: seat, in: state)) to \(inventoryValue(of: seat, in: state)))."
        let gain0 = gain(of: 0, in: state)
        let gain1 = gain(of: 1, in: state)
        let outcome =
            gain0 == gain1
            ? "Both gains in inventory value are equal: the game is a draw."
            : "Player \(gain0 > gain1 ? 0 : 1) won by having a larger gain in inventory value."
        return "[GAME] The game is over after \(turns) turns. \(change) \(outcome)"
    }
}
