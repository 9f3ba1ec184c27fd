import Testing

@testable import Bridge

@Suite("Kept trajectories")
struct KeptTrajectoriesTests {
    /// A one-part message of `bytes` bytes.
    private func parts(_ bytes: Int) throws -> [ZMQMessage] {
        [try ZMQMessage(copying: [UInt8](repeating: 7, count: bytes))]
    }

    @Test func acknowledgingLetsGoOfExactlyTheNamedMessages() throws {
        let kept = KeptTrajectories(limitBytes: 1000)
        kept.keep(firstSequence: 0, episodes: 4, parts: try parts(100), bytes: 100)
        kept.keep(firstSequence: 4, episodes: 2, parts: try parts(50), bytes: 50)
        kept.keep(firstSequence: 6, episodes: 3, parts: try parts(70), bytes: 70)
        let result = kept.acknowledge([4, 4, 99])
        #expect(result.acknowledged == 1 && result.unknown == 2 && result.bytes == 50)
        #expect(kept.messageCount == 2 && kept.episodes == 7 && kept.bytes == 170)
        #expect(kept.episodesAcknowledged == 2 && kept.episodesLost == 0)
        #expect(try kept.copiesForReplay().map(\.firstSequence) == [0, 6])
    }

    @Test func aFullStoreDropsTheOldestAndCountsTheLoss() throws {
        let kept = KeptTrajectories(limitBytes: 250)
        for index in 0..<5 { kept.keep(firstSequence: UInt64(index * 10), episodes: 10, parts: try parts(100), bytes: 100) }
        // Room for two: 0-29 were dropped, in one merged range.
        #expect(kept.messageCount == 2 && kept.bytes == 200)
        #expect(kept.episodesLost == 30)
        #expect(kept.lostRanges == [.init(first: 0, last: 29)])
        let report = try #require(kept.takeLossReport())
        #expect(report.episodes == 30 && report.range == .init(first: 0, last: 29))
        #expect(kept.takeLossReport() == nil)
        #expect(try kept.copiesForReplay().map(\.firstSequence) == [30, 40])
    }

    @Test func acknowledgedMessagesAreNotDroppedAgain() throws {
        let kept = KeptTrajectories(limitBytes: 200)
        kept.keep(firstSequence: 0, episodes: 1, parts: try parts(100), bytes: 100)
        kept.keep(firstSequence: 1, episodes: 1, parts: try parts(100), bytes: 100)
        _ = kept.acknowledge([0])
        kept.keep(firstSequence: 2, episodes: 1, parts: try parts(100), bytes: 100)
        #expect(kept.episodesLost == 0)
        kept.keep(firstSequence: 3, episodes: 1, parts: try parts(100), bytes: 100)
        #expect(kept.episodesLost == 1 && kept.lostRanges == [.init(first: 1, last: 1)])
    }

    @Test func aMessageLargerThanTheStoreIsLostAtOnce() throws {
        let kept = KeptTrajectories(limitBytes: 50)
        kept.keep(firstSequence: 5, episodes: 3, parts: try parts(80), bytes: 80)
        #expect(kept.messageCount == 0 && kept.bytes == 0 && kept.episodesLost == 3)
        #expect(kept.lostRanges == [.init(first: 5, last: 7)])
    }

    @Test func onlyTheLatestLostRangesAreListed() throws {
        let kept = KeptTrajectories(limitBytes: 10)
        // Every other sequence, so no two ranges merge.
        for index in 0..<40 { kept.keep(firstSequence: UInt64(index * 2), episodes: 1, parts: try parts(20), bytes: 20) }
        #expect(kept.episodesLost == 40)
        #expect(kept.lostRanges.count == KeptTrajectories.reportedRanges)
        #expect(kept.lostRanges.last == .init(first: 78, last: 78))
    }

    @Test func replayCopiesShareTheKeptBytes() throws {
        let kept = KeptTrajectories(limitBytes: 1 << 20)
        kept.keep(firstSequence: 0, episodes: 1, parts: try parts(4096), bytes: 4096)
        let copies = try kept.copiesForReplay()
        #expect(copies.count == 1)
        #expect(copies[0].message.parts[0].array == [UInt8](repeating: 7, count: 4096))
        // The kept message is still there for the next replay.
        #expect(try kept.copiesForReplay().count == 1 && kept.messageCount == 1)
    }

    @Test func anOldUnacknowledgedMessageOutlivesManyLaterAcknowledgements() throws {
        let kept = KeptTrajectories(limitBytes: 1 << 30)
        kept.keep(firstSequence: 0, episodes: 1, parts: try parts(1), bytes: 1)  // never acknowledged
        for sequence in 1...10_000 {
            kept.keep(firstSequence: UInt64(sequence), episodes: 1, parts: try parts(1), bytes: 1)
            _ = kept.acknowledge([UInt64(sequence)])
        }
        #expect(kept.messageCount == 1)
        #expect(try kept.copiesForReplay().map(\.firstSequence) == [0])
        kept.keep(firstSequence: 10_001, episodes: 1, parts: try parts(1), bytes: 1)
        #expect(try kept.copiesForReplay().map(\.firstSequence) == [0, 10_001])
    }
}
