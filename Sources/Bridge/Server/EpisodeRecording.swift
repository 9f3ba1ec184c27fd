/// The turns of one live episode, recorded as they are played, until the episode ends and
/// goes to its vector's `TrajectoryCollector`.
///
/// A turn's reward is the acting seat's return at its next turn (or at the end) minus its
/// return at this turn, so it is filled in when that seat acts again or the episode ends.
///
/// Touched only by the server thread. Per-turn columns are raw growable storage: with Swift
/// arrays, the uniqueness and exclusivity checks of each append cost more than the data.
final class EpisodeRecording {
    @exclusivity(unchecked) var seats = RecordingColumn<Int32>()
    @exclusivity(unchecked) var roles = RecordingColumn<Int32>()
    @exclusivity(unchecked) var actions = RecordingColumn<Int32>()
    @exclusivity(unchecked) var invalid = RecordingColumn<UInt8>()
    @exclusivity(unchecked) var rewards = RecordingColumn<Float>()
    /// Tensor mode: the acting seat's observation before acting, one row per turn.
    @exclusivity(unchecked) var observations = RecordingColumn<Float>()
    /// Text mode: the prompt answered, the reply as sent, the action's text (changed only
    /// through the methods below, which count their bytes).
    @exclusivity(unchecked) private(set) var prompts: [String] = []
    @exclusivity(unchecked) private(set) var replies: [String] = []
    @exclusivity(unchecked) private(set) var actionTexts: [String] = []
    /// UTF-8 bytes of the text columns, also counted in `ledger` while the recording holds them.
    private(set) var textBytes = 0
    /// Per seat: its last turn's row (-1 before its first turn) and its return then.
    private let lastTurn: SlotArray<Int>
    private let returnAtLastTurn: SlotArray<Double>
    /// Where the server counts text kept for episodes (nil: not counted).
    private let ledger: MemoryLedger?

    /// - Parameters:
    ///   - ledger: where the recording's text is counted (nil: not counted).
    ///   - maxTurns: the most turns an episode of the vector records: columns never grow past
    ///     it (doubling would leave up to twice the room, which the footprint would have to
    ///     count).
    ///   - observationSize: floats per turn in the observation column (tensor mode).
    init(seatCount: Int, ledger: MemoryLedger? = nil, maxTurns: Int = .max, observationSize: Int = 0) {
        lastTurn = SlotArray(repeating: -1, count: seatCount)
        returnAtLastTurn = SlotArray(repeating: 0, count: seatCount)
        self.ledger = ledger
        seats.capacityLimit = maxTurns
        roles.capacityLimit = maxTurns
        actions.capacityLimit = maxTurns
        invalid.capacityLimit = maxTurns
        rewards.capacityLimit = maxTurns
        let (observationLimit, overflow) = maxTurns.multipliedReportingOverflow(by: observationSize)
        observations.capacityLimit = overflow ? .max : observationLimit
    }

    deinit {
        ledger?.removeText(textBytes)
        seats.deallocate()
        roles.deallocate()
        actions.deallocate()
        invalid.deallocate()
        rewards.deallocate()
        observations.deallocate()
        lastTurn.deallocate()
        returnAtLastTurn.deallocate()
    }

    var turnCount: Int { seats.count }

    /// Forgets the episode, keeping the storage.
    func removeAll() {
        // Nothing recorded since the last call (a recording fresh from the collector's
        // spares): every column is empty and no seat has an open turn.
        guard turnCount > 0 else { return }
        seats.removeAll()
        roles.removeAll()
        actions.removeAll()
        invalid.removeAll()
        rewards.removeAll()
        observations.removeAll()
        if !prompts.isEmpty { prompts.removeAll(keepingCapacity: true) }
        if !replies.isEmpty { replies.removeAll(keepingCapacity: true) }
        if !actionTexts.isEmpty { actionTexts.removeAll(keepingCapacity: true) }
        countText(-textBytes)
        lastTurn.fill(with: -1)
        returnAtLastTurn.fill(with: 0)
    }

    // MARK: Text columns

    /// Records a text-mode turn's prompt and reply; its action text is set when known.
    func appendTextTurn(prompt: String, reply: String) {
        prompts.append(prompt)
        replies.append(reply)
        actionTexts.append("")
        countText(prompt.utf8.count + reply.utf8.count)
    }

    /// Adds an empty action text for a tensor-mode turn (set when the action is known).
    func appendEmptyActionText() { actionTexts.append("") }

    func setActionText(_ text: String, at row: Int) {
        guard row < actionTexts.count else { return }
        countText(text.utf8.count - actionTexts[row].utf8.count)
        actionTexts[row] = text
    }

    func setReply(_ text: String, at row: Int) {
        countText(text.utf8.count - replies[row].utf8.count)
        replies[row] = text
    }

    private func countText(_ bytes: Int) {
        textBytes += bytes
        ledger?.addText(bytes)
    }

    /// Records a turn of `seat`, whose return before acting is `returnNow`.
    @inline(__always)
    func addTurn(seat: Int, role: Int, action: Int, invalid isInvalid: Bool, returnNow: Double) {
        closeTurn(of: seat, returnNow: returnNow)
        lastTurn[seat] = seats.count
        returnAtLastTurn[seat] = returnNow
        seats.append(Int32(truncatingIfNeeded: seat))
        roles.append(Int32(truncatingIfNeeded: role))
        actions.append(Int32(truncatingIfNeeded: action))
        invalid.append(isInvalid ? 1 : 0)
        rewards.append(0)
    }

    /// Fills in the rewards of every seat's last turn from the final returns.
    func finish(finalReturns: UnsafeBufferPointer<Double>) {
        for seat in finalReturns.indices { closeTurn(of: seat, returnNow: finalReturns[seat]) }
    }

    @inline(__always)
    private func closeTurn(of seat: Int, returnNow: Double) {
        let row = lastTurn[seat]
        guard row >= 0 else { return }
        rewards[row] = Float(returnNow - returnAtLastTurn[seat])
        lastTurn[seat] = -1
    }
}

/// Growable storage for one recorded column. Owned by one `EpisodeRecording`, which frees it.
struct RecordingColumn<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int
    /// The most elements growth makes room for by itself (more are still stored if appended).
    var capacityLimit = Int.max

    init(capacity: Int = 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// The valid elements, without copying.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    subscript(row: Int) -> Element {
        get { base[row] }
        set { base[row] = newValue }
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Appends copies of `values`.
    mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let source = values.baseAddress, !values.isEmpty else { return }
        appendUninitialized(values.count).baseAddress?.initialize(from: source, count: values.count)
    }

    /// Makes room for `extra` elements at the end and returns them, for the caller to fill.
    mutating func appendUninitialized(_ extra: Int) -> UnsafeMutableBufferPointer<Element> {
        if count + extra > capacity { grow(to: count + extra) }
        let start = base + count
        count += extra
        return UnsafeMutableBufferPointer(start: start, count: extra)
    }

    mutating func removeAll() { count = 0 }

    private mutating func grow(to needed: Int) {
        let newCapacity = Swift.max(needed, Swift.min(capacity * 2, capacityLimit))
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    func deallocate() { base.deallocate() }
}

/// One `EpisodeRecording` per slot of a vector, reached without reference counting.
///
/// Read from a Swift array on the vector, a slot's recording was retained and released twice
/// per recorded turn (callgrind: about 40 instructions and four atomic operations per turn
/// of a 1024-game TicTacToe step). Here each slot holds one reference, taken when the
/// recording is put in and given back when it is exchanged or the slots are released; `with`
/// lends it to its body without touching the count. Touched only by the server thread.
struct RecordingSlots {
    private let base: UnsafeMutablePointer<Unmanaged<EpisodeRecording>>
    let count: Int

    /// `count` slots, each with a recording from `make`.
    init(count: Int, make: () -> EpisodeRecording) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        for slot in 0..<count { (base + slot).initialize(to: .passRetained(make())) }
    }

    /// Runs `body` with the slot's recording.
    /// - Precondition: `body` does not `exchange` this slot's recording (it would free the
    ///   recording the body holds).
    @inline(__always)
    func with<Result>(_ slot: Int, _ body: (EpisodeRecording) throws -> Result) rethrows -> Result {
        try base[slot]._withUnsafeGuaranteedRef(body)
    }

    /// Puts `recording` in the slot and returns the one it held.
    func exchange(_ slot: Int, with recording: EpisodeRecording) -> EpisodeRecording {
        let held = base[slot].takeRetainedValue()
        base[slot] = .passRetained(recording)
        return held
    }

    /// Gives back every slot's reference and frees the slots; called once, by the owner.
    func release() {
        for slot in 0..<count { base[slot].release() }
        base.deallocate()
    }
}
