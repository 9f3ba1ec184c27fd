import Testing

@testable import Bridge

@Suite("Episode recording")
struct RecordingTests {
    @Test func aTurnsRewardIsTheSeatsReturnChangeUntilItsNextTurn() {
        // Seat 0 acts at returns 0 and 2; seat 1 acts once at 0; final returns (5, -5).
        let recording = EpisodeRecording(seatCount: 2)
        recording.addTurn(seat: 0, role: 0, action: 1, invalid: false, returnNow: 0)
        recording.addTurn(seat: 1, role: 1, action: 0, invalid: false, returnNow: 0)
        recording.addTurn(seat: 0, role: 0, action: 1, invalid: false, returnNow: 2)
        [5.0, -5].withUnsafeBufferPointer { recording.finish(finalReturns: $0) }
        #expect(Array(recording.rewards.buffer) == [2, -5, 3])
        #expect(Array(recording.seats.buffer) == [0, 1, 0])
    }

    @Test func theOutcomeIsTheStrictLeaderOrADraw() {
        #expect(TrajectoryCollector.outcome([1, -1]) == 0)
        #expect(TrajectoryCollector.outcome([-1, 1]) == 1)
        #expect(TrajectoryCollector.outcome([0, 0]) == -1)
        #expect(TrajectoryCollector.outcome([1, 1, -2]) == -1)
        #expect(TrajectoryCollector.outcome([1, 2, 2]) == -1)  // the shared top comes after a lower leader
        #expect(TrajectoryCollector.outcome([0, 2, 1]) == 1)
        #expect(TrajectoryCollector.outcome([-3, -1, -2]) == 1)
    }
}
