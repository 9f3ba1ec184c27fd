import Foundation

extension BridgeServer {
    /// Answers `ACKNOWLEDGE`: the named messages are no longer kept.
    func acknowledge(_ request: WireAcknowledgeRequest) -> WireAcknowledgeReply {
        let result = kept.acknowledge(request.firstSequences)
        ledger.setKeptTrajectories(kept.bytes)
        returnMemoryOfAcknowledgedMessages()
        var reply = WireAcknowledgeReply()
        reply.acknowledged = UInt32(clamping: result.acknowledged)
        reply.unknown = UInt32(clamping: result.unknown)
        return reply
    }

    /// Hands memory back to the system once the kept messages shrank to a quarter of their
    /// peak, when that peak held at least a sixteenth of `trimmedBytes`, at most once a
    /// second: kept messages hold what is in flight to trainers (in ZeroMQ's queues too), and
    /// the allocator would keep the freed memory (measured: 90-110 MiB left after four
    /// clients' acknowledged runs, 32 MiB with this).
    private func returnMemoryOfAcknowledgedMessages() {
        keptPeakSinceTrim = max(keptPeakSinceTrim, kept.bytes)
        guard keptPeakSinceTrim >= Self.trimmedBytes / 16, kept.bytes <= keptPeakSinceTrim / 4 else { return }
        let now = clock()
        guard now - lastKeptTrim >= 1 else { return }
        lastKeptTrim = now
        keptPeakSinceTrim = kept.bytes
        SystemAllocator.returnFreeMemory()
    }

    /// Answers `REPLAY`: every kept message is queued again, oldest first, marked `replayed`
    /// and carrying the current count of lost episodes. Messages still waiting in the queue
    /// for their first sending are not queued twice.
    ///
    /// - Throws: `ZMQError` or a serialisation error (not expected).
    func replay() throws -> WireReplayReply {
        let waiting = Set(
            trajectoryQueue[trajectoryQueueHead...].compactMap { entry in
                entry.vectorID == nil ? nil : entry.firstSequence
            })
        var reply = WireReplayReply()
        let lost = kept.episodesLost
        for (sequence, message) in try kept.copiesForReplay() where !waiting.contains(sequence) {
            var parts = message.parts
            parts[0] = try Self.rewrittenHeader(parts[0]) { header in
                header.trajectories.replayed = true
                header.trajectories.episodesLost = lost
            }
            trajectoryQueue.append(
                QueuedTrajectories(vectorID: nil, firstSequence: sequence, parts: parts, episodes: message.episodes, countedBytes: 0))
            reply.messages += 1
            reply.episodes += UInt64(message.episodes)
        }
        sendTrajectories()
        return reply
    }

    /// Answers `STATS`.
    func stats() -> WireStatsReply {
        var reply = WireStatsReply()
        reply.episodesSent = episodesSent
        reply.messagesKept = UInt64(kept.messageCount)
        reply.episodesKept = UInt64(kept.episodes)
        reply.bytesKept = UInt64(kept.bytes)
        reply.episodesAcknowledged = kept.episodesAcknowledged
        reply.episodesLost = kept.episodesLost
        reply.lostRanges = kept.lostRanges.map { range in
            var wire = WireSequenceRange()
            wire.first = range.first
            wire.last = range.last
            return wire
        }
        reply.messagesQueued = UInt64(trajectoryQueue.count - trajectoryQueueHead)
        reply.openVectors = UInt64(vectors.count)
        reply.openSessions = UInt64(sessions.sessions.count)
        reply.memoryUsedBytes = UInt64(ledger.usedBytes)
        reply.memoryLimitBytes = UInt64(ledger.limit)
        return reply
    }

    /// Writes the episodes dropped unacknowledged to stderr, at most once a second (a trainer
    /// that stopped acknowledging loses a message for each new one).
    func reportLostEpisodes() {
        let now = clock()
        guard now - lastLossReport >= 1, let loss = kept.takeLossReport() else { return }
        lastLossReport = now
        reportProblem(
            "dropped \(loss.episodes) unacknowledged episodes (sequences \(loss.range.first) to \(loss.range.last); \(kept.episodesLost) since start): "
                + "no trainer acknowledged them and the \(ByteCount.describe(kept.limitBytes)) kept for that was full (--max-unacknowledged-bytes)")
    }

    /// A header frame with `change` applied (a new frame: the old one may share its bytes).
    static func rewrittenHeader(_ frame: ZMQMessage, _ change: (inout WireHeader) -> Void) throws -> ZMQMessage {
        var header = try WireHeader(serializedBytes: frame.array)
        change(&header)
        return try ZMQMessage(copying: try header.serializedBytes() as [UInt8])
    }
}
