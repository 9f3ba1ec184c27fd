// The seat views that are not prose: the observation tensor, the information-state string,
// and the serialised history that `decodeState` replays.

extension Negotiation {
    /// Writes `seat`'s observation (`6 + 5K` floats, K = resourceCount), all from `seat`'s own view:
    ///
    /// | offset | size | meaning |
    /// |---|---|---|
    /// | 0 | 2 | one-hot seat (0: first mover, 1: second mover) |
    /// | 2 | 1 | 1 if `seat` is to move |
    /// | 3 | 1 | turns played / turn limit |
    /// | 4 | 1 | 1 if an offer made by `seat` is pending |
    /// | 5 | 1 | 1 if an offer made to `seat` is pending |
    /// | 6 | K | own current quantities |
    /// | 6+K | K | own starting quantities |
    /// | 6+2K | K | own values |
    /// | 6+3K | K | what `seat` would give if the pending offer were accepted |
    /// | 6+4K | K | what `seat` would receive if it were accepted |
    ///
    /// Quantities and values are raw counts. The opponent's values and inventory never appear.
    @inlinable
    public func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        let count = resourceCount
        buffer.initialize(repeating: 0)
        buffer[seat] = 1
        if case .seat(let mover) = currentPlayer(state), mover == seat { buffer[2] = 1 }
        buffer[3] = Float(state.moves.count) / Float(turns)
        let inventory = state.inventory(seat)
        let start = state.start(seat)
        let values = state.values(seat)
        for resource in 0..<count {
            buffer[6 &+ resource] = Float(inventory[resource])
            buffer[6 &+ count &+ resource] = Float(start[resource])
            buffer[6 &+ 2 &* count &+ resource] = Float(values[resource])
        }
        guard let pending = state.pending, let proposer = proposer(in: state) else { return }
        buffer[proposer == seat ? 4 : 5] = 1
        let change = proposer == seat ? pending.proposerChange : SIMD8<Int32>() &- pending.proposerChange
        for resource in 0..<count {
            let delta = change[resource]
            buffer[6 &+ 3 &* count &+ resource] = delta < 0 ? Float(-delta) : 0
            buffer[6 &+ 4 &* count &+ resource] = delta > 0 ? Float(delta) : 0
        }
    }

    /// Everything `seat` knows: its seat, its own values and starting quantities (`?` while not
    /// drawn), and the public history of moves with their talk, e.g.
    /// `seat=0 values=5,15 start=10,10 moves=[Offer: 3 Wood -> 1 Gold],[Accept]:"Deal! [Accept]"`.
    public func informationState(_ state: State, seat: Int) -> String {
        let undrawn = undrawnSlots(of: seat, in: state)
        func list(_ vector: SIMD8<Int32>, _ kind: SetupSlot.Kind) -> String {
            (0..<resourceCount).map { undrawn.contains(SlotKey(kind: kind, resource: $0)) ? "?" : String(vector[$0]) }.joined(separator: ",")
        }
        var items: [String] = []
        forEachMove(state) { _, move, message in
            let shown = moveText(move)
            items.append(message.map { "\(shown):\(QuotedText.quoted($0))" } ?? shown)
        }
        return "seat=\(seat) values=\(list(state.values(seat), .value)) start=\(list(state.start(seat), .quantity)) moves="
            + items.joined(separator: ",")
    }

    /// A seat's quantity or value of one resource.
    struct SlotKey: Hashable {
        var kind: SetupSlot.Kind
        var resource: Int
    }

    /// The quantities and values of `seat` that setup has not drawn yet.
    func undrawnSlots(of seat: Int, in state: State) -> Set<SlotKey> {
        Set(setupSlots[state.setupDraws...].filter { $0.seat == seat }.map { SlotKey(kind: $0.kind, resource: $0.resource) })
    }

    /// Calls `body` with every move of the history, in order, and its talk if it came with any.
    func forEachMove(_ state: State, _ body: (_ turn: Int, _ move: Move, _ message: String?) -> Void) {
        var talkIndex = 0
        for (turn, move) in state.moves.enumerated() {
            var message: String?
            if talkIndex < state.talk.count, state.talk[talkIndex].turn == turn {
                message = state.talk[talkIndex].text
                talkIndex += 1
            }
            body(turn, move, message)
        }
    }

    /// The history as comma-separated action numbers, chance draws first (as OpenSpiel prints
    /// histories); a move's talk follows its number as `:"..."`, quoted as `QuotedText` writes it.
    public func encodeState(_ state: State) -> String {
        var items: [String] = []
        for slot in setupSlots.prefix(state.setupDraws) {
            let vector = slot.kind == .quantity ? state.start(slot.seat) : state.values(slot.seat)
            items.append(String(vector[slot.resource]))
        }
        forEachMove(state) { _, move, message in
            let number = String(actionIndex(Action(move)))
            items.append(message.map { "\(number):\(QuotedText.quoted($0))" } ?? number)
        }
        return items.joined(separator: ",")
    }

    public func decodeState(_ text: String) throws(GameError) -> State {
        var scanner = HistoryScanner(text: text)
        var state = initialState()
        var step = 0
        while let item = try scanner.next(game: name) {
            let action: Action
            switch currentPlayer(state) {
            case .terminal:
                throw .badState(game: name, reason: "item \(step + 1) ('\(item.number)') comes after the game is over")
            case .chance:
                guard item.message == nil else {
                    throw .badState(game: name, reason: "item \(step + 1) is a setup draw and cannot carry a message")
                }
                let range = setupSlots[state.setupDraws].range
                guard range.contains(item.number) else {
                    throw .badState(
                        game: name, reason: "setup draw \(item.number) at item \(step + 1) is outside \(range.lowerBound)..\(range.upperBound)")
                }
                action = Action(.chance(item.number))
            case .seat(let seat):
                guard var indexed = self.action(atIndex: item.number) else {
                    throw .badState(game: name, reason: "action \(item.number) at item \(step + 1) is outside 0..<\(actionCount)")
                }
                guard isLegal(indexed.move, seat: seat, in: state) else {
                    throw .badState(game: name, reason: "action \(item.number) (\(moveText(indexed.move))) at item \(step + 1) is not legal there")
                }
                indexed.message = item.message ?? ""
                action = indexed
            }
            apply(action, to: &state)
            step += 1
        }
        return state
    }

    /// Whether `seat` may play `move` at `state` (talk aside).
    public func isLegal(_ move: Move, seat: Int, in state: State) -> Bool {
        guard currentPlayer(state) == .seat(seat) else { return false }
        switch move {
        case .pass: return true
        case .deny: return state.pending != nil
        case .accept: return state.pending.map { canAccept($0, seat: seat, in: state) } ?? false
        case .offer(let offer): return isOfferable(offer, by: seat, in: state)
        case .chance: return false
        }
    }
}

/// Reads `12,0:"hi, \"you\"",1`: numbers separated by commas, each optionally followed by a quoted message.
struct HistoryScanner {
    struct Item {
        var number: Int
        var message: String?
    }

    private let characters: [Character]
    private var position = 0
    private var itemCount = 0

    init(text: String) {
        characters = Array(text.trimmingWhitespace())
    }

    mutating func next(game: String) throws(GameError) -> Item? {
        guard position < characters.count else { return nil }
        itemCount += 1
        if itemCount > 1 {
            guard characters[position] == "," else {
                throw .badState(game: game, reason: "expected ',' before item \(itemCount), found '\(characters[position])'")
            }
            position += 1
        }
        var digits = ""
        while position < characters.count, characters[position] != ",", characters[position] != ":" {
            digits.append(characters[position])
            position += 1
        }
        guard let number = Int(digits.trimmingWhitespace()) else {
            throw .badState(game: game, reason: "item \(itemCount) ('\(digits)') is not an action number")
        }
        guard position < characters.count, characters[position] == ":" else { return Item(number: number) }
        position += 1
        return Item(number: number, message: try quotedMessage(game: game))
    }

    private mutating func quotedMessage(game: String) throws(GameError) -> String {
        guard position < characters.count, characters[position] == "\"" else {
            throw .badState(game: game, reason: "item \(itemCount): expected a quoted message after ':'")
        }
        var rest = characters[(position + 1)...]
        do {
            let message = try QuotedText.readRest(of: &rest)
            position = rest.startIndex
            return message
        } catch {
            throw .badState(game: game, reason: "item \(itemCount): the message: \(error)")
        }
    }
}
