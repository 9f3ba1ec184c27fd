/// Trajectory messages of acknowledged vectors, kept from the moment they are made until a
/// trainer acknowledges them, so that a trainer that crashed (or its replacement) can have
/// them sent again (docs/protocol.md, Acknowledged trajectories).
///
/// The store is bounded in bytes; a message that does not fit pushes out the oldest, and
/// the episodes pushed out are counted as lost, never dropped silently. Touched only by the
/// server thread.
final class KeptTrajectories {
    struct Message {
        let episodes: Int
        /// Copies sharing the sent message's bytes (`ZMQMessage.sharedCopy`).
        let parts: [ZMQMessage]
        let bytes: Int
    }

    /// A range of episode sequence numbers, first to last inclusive.
    struct SequenceRange: Equatable {
        var first: UInt64
        var last: UInt64
    }

    /// The most bytes kept (`--max-unacknowledged-bytes`).
    let limitBytes: Int
    /// The latest lost ranges reported by STATS.
    static let reportedRanges = 16

    private var messages: [UInt64: Message] = [:]
    /// First sequences in the order the messages were kept (oldest first); entries of
    /// acknowledged messages are skipped when reached.
    private var order: [UInt64] = []
    private var orderHead = 0
    private(set) var bytes = 0
    private(set) var episodes = 0
    private(set) var episodesAcknowledged: UInt64 = 0
    private(set) var episodesLost: UInt64 = 0
    /// The latest ranges lost, oldest first (adjacent ranges merged).
    private(set) var lostRanges: [SequenceRange] = []
    /// Lost since the last `takeLossReport`.
    private var unreported: (episodes: UInt64, range: SequenceRange)?

    init(limitBytes: Int) {
        self.limitBytes = limitBytes
    }

    var messageCount: Int { messages.count }

    /// Keeps a message's copies, pushing out the oldest kept messages while they do not fit.
    ///
    /// - Returns: the bytes pushed out (already counted as lost).
    @discardableResult
    func keep(firstSequence: UInt64, episodes count: Int, parts: [ZMQMessage], bytes size: Int) -> Int {
        var freed = 0
        while bytes + size > limitBytes, let oldest = popOldest() {
            freed += oldest.message.bytes
            recordLoss(first: oldest.firstSequence, episodes: oldest.message.episodes)
        }
        guard size <= limitBytes else {
            // A message larger than the whole store is lost at once.
            recordLoss(first: firstSequence, episodes: count)
            return freed
        }
        messages[firstSequence] = Message(episodes: count, parts: parts, bytes: size)
        order.append(firstSequence)
        bytes += size
        episodes += count
        return freed
    }

    /// Lets go of the messages named by their first sequences.
    ///
    /// - Returns: how many were kept and let go, how many named no kept message, and the bytes freed.
    func acknowledge(_ firstSequences: [UInt64]) -> (acknowledged: Int, unknown: Int, bytes: Int) {
        var acknowledged = 0
        var freed = 0
        for sequence in firstSequences {
            guard let message = messages.removeValue(forKey: sequence) else { continue }
            acknowledged += 1
            freed += message.bytes
            bytes -= message.bytes
            episodes -= message.episodes
            episodesAcknowledged += UInt64(message.episodes)
        }
        compactOrder()
        return (acknowledged, firstSequences.count - acknowledged, freed)
    }

    /// Every kept message, oldest first, as new copies ready to send.
    ///
    /// - Throws: `ZMQError` when a copy fails (not expected).
    func copiesForReplay() throws(ZMQError) -> [(firstSequence: UInt64, message: Message)] {
        var copies: [(UInt64, Message)] = []
        for sequence in order[orderHead...] {
            guard let message = messages[sequence] else { continue }
            var parts: [ZMQMessage] = []
            for part in message.parts { parts.append(try part.sharedCopy()) }
            copies.append((sequence, Message(episodes: message.episodes, parts: parts, bytes: message.bytes)))
        }
        return copies
    }

    /// The episodes lost since the last call and their range, if any (for the server's log).
    func takeLossReport() -> (episodes: UInt64, range: SequenceRange)? {
        defer { unreported = nil }
        return unreported
    }

    private func popOldest() -> (firstSequence: UInt64, message: Message)? {
        while orderHead < order.count {
            let sequence = order[orderHead]
            orderHead += 1
            if let message = messages.removeValue(forKey: sequence) {
                bytes -= message.bytes
                episodes -= message.episodes
                compactOrder()
                return (sequence, message)
            }
        }
        return nil
    }

    private func recordLoss(first: UInt64, episodes count: Int) {
        guard count > 0 else { return }
        let range = SequenceRange(first: first, last: first + UInt64(count) - 1)
        episodesLost += UInt64(count)
        if let latest = lostRanges.last, latest.last &+ 1 == range.first {
            lostRanges[lostRanges.count - 1].last = range.last
        } else {
            lostRanges.append(range)
            if lostRanges.count > Self.reportedRanges { lostRanges.removeFirst() }
        }
        if let pending = unreported {
            unreported = (
                pending.episodes + UInt64(count),
                SequenceRange(first: min(pending.range.first, range.first), last: max(pending.range.last, range.last))
            )
        } else {
            unreported = (UInt64(count), range)
        }
    }

    /// Drops skipped entries of `order` once they are many (a message never acknowledged
    /// while later ones are would otherwise let them pile up behind it).
    private func compactOrder() {
        while orderHead < order.count, messages[order[orderHead]] == nil { orderHead += 1 }
        if orderHead == order.count {
            order.removeAll(keepingCapacity: true)
            orderHead = 0
        } else if order.count - orderHead > 2 * messages.count + 1024 {
            order = order[orderHead...].filter { messages[$0] != nil }
            orderHead = 0
        } else if orderHead > 1024 {
            order.removeFirst(orderHead)
            orderHead = 0
        }
    }
}
