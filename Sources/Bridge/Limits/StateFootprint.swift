import Games

/// A game whose states keep part of themselves on the heap (a log, a move history), so that
/// a vector's footprint grows as its episodes go on.
///
/// The bound counts what the rules write; text a client sends (Werewolf speeches, Negotiation
/// talk) is counted as it is played (`MemoryLedger.textBytes`) and capped per episode.
protocol HeapHoldingGame: Game {
    /// The heap bytes `state` holds now: arrays at their capacity, strings longer than the
    /// inline size, each allocation's header and the allocator's overhead.
    func heapBytes(of state: State) -> Int
    /// The most heap bytes any state of the game holds, client text aside.
    var maxStateHeapBytes: Int { get }
}

extension HeapHoldingGame {
    /// `heapBytes(of:)` for a state passed from code generic over another `Game`.
    func heapBytes(ofAny state: Any) -> Int { (state as? State).map { heapBytes(of: $0) } ?? 0 }
}

/// The heap side of game states, for any game (0 for games without `HeapHoldingGame`).
enum StateFootprint {
    /// Bytes an array allocation costs beyond its elements: the array's header and malloc's
    /// chunk overhead.
    static let allocationOverhead = 48
    /// Swift strings of up to 15 UTF-8 bytes live inside the string value.
    static let inlineStringBytes = 15

    static func maxHeapBytes<G: Game>(_ game: G) -> Int {
        (game as? any HeapHoldingGame)?.maxStateHeapBytes ?? 0
    }

    static func heapBytes<G: Game>(_ game: G, _ state: G.State) -> Int {
        (game as? any HeapHoldingGame)?.heapBytes(ofAny: state) ?? 0
    }

    /// An array of `capacity` elements of `Element`.
    static func array<Element>(_: Element.Type, capacity: Int) -> Int {
        capacity == 0 ? 0 : allocationOverhead + capacity * MemoryLayout<Element>.stride
    }

    /// An array that grew to `count` elements: Swift at most doubles a full array's
    /// capacity, so it is under twice the count (plus the first allocation's rounding).
    static func grownArray<Element>(_ type: Element.Type, count: Int) -> Int {
        count == 0 ? 0 : array(type, capacity: 2 * count + 16)
    }

    /// The heap bytes of a string's storage.
    static func string(_ text: String) -> Int {
        let bytes = text.utf8.count
        return bytes <= inlineStringBytes ? 0 : allocationOverhead + bytes
    }
}

extension Werewolf: HeapHoldingGame {
    func heapBytes(of state: State) -> Int {
        let events = state.events
        var bytes = StateFootprint.array(Event.self, capacity: events.capacity)
        for case .speech(_, _, let message) in events { bytes += StateFootprint.string(message) }
        return bytes
    }

    /// The log: each decision writes one entry, each day four more (night begins, attack,
    /// dawn, ballot) and the end one. The game's longest length counts at least twelve
    /// actions per day (two and the discussion rounds per seat, five seats or more, and two),
    /// so the log stays under one and a half times that length.
    var maxStateHeapBytes: Int { StateFootprint.grownArray(Event.self, count: maxGameLength + maxGameLength / 2 + 8) }
}

extension Negotiation: HeapHoldingGame {
    func heapBytes(of state: State) -> Int {
        let messages = state.messages
        var bytes =
            StateFootprint.array(Move.self, capacity: state.history.capacity)
            + StateFootprint.array(Talk.self, capacity: messages.capacity)
        for talk in messages { bytes += StateFootprint.string(talk.text) }
        return bytes
    }

    /// One move per turn, and at most one piece of talk per move (its text is client text).
    var maxStateHeapBytes: Int {
        StateFootprint.grownArray(Move.self, count: maxGameLength) + StateFootprint.grownArray(Talk.self, count: maxGameLength)
    }
}

extension KuhnPoker: HeapHoldingGame {
    /// The past hands of a match are not visible outside the game: every state is charged
    /// the bound.
    func heapBytes(of state: State) -> Int { maxStateHeapBytes }

    /// At most one past hand per action.
    var maxStateHeapBytes: Int { isMatch ? StateFootprint.grownArray(PastHand.self, count: maxGameLength) : 0 }
}
