/// The turns of one live episode, recorded as they are played, until the episode ends and
/// moves into its vector's `TrajectoryCollector`.
///
/// A turn's reward is the acting seat's return at its next turn (or at the end) minus its
/// return at this turn, so it is filled in when that seat acts again or the episode ends.
///
/// A class, touched only by the server thread: as a struct inside the vector's array, every
/// append paid for copy-on-write and exclusivity checks of the outer array (measured).
final class EpisodeRecording {
    @exclusivity(unchecked) var seats: [Int32] = []
    @exclusivity(unchecked) var roles: [Int32] = []
    @exclusivity(unchecked) var actions: [Int32] = []
    @exclusivity(unchecked) var invalid: [UInt8] = []
    @exclusivity(unchecked) var rewards: [Float] = []
    /// Tensor mode: the acting seat's observation before acting, one row per turn.
    @exclusivity(unchecked) var observations: [Float] = []
    /// Text mode: the prompt answered, the reply as sent, the action's text.
    @exclusivity(unchecked) var prompts: [String] = []
    @exclusivity(unchecked) var replies: [String] = []
    @exclusivity(unchecked) var actionTexts: [String] = []
    /// Per seat: its last turn's row (-1 before its first turn) and its return then.
    @exclusivity(unchecked) private var lastTurn: [Int]
    @exclusivity(unchecked) private var returnAtLastTurn: [Double]

    init(seatCount: Int) {
        lastTurn = Array(repeating: -1, count: seatCount)
        returnAtLastTurn = Array(repeating: 0, count: seatCount)
    }

    var turnCount: Int { seats.count }

    /// Forgets the episode, keeping the storage.
    func removeAll() {
        seats.removeAll(keepingCapacity: true)
        roles.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        invalid.removeAll(keepingCapacity: true)
        rewards.removeAll(keepingCapacity: true)
        observations.removeAll(keepingCapacity: true)
        prompts.removeAll(keepingCapacity: true)
        replies.removeAll(keepingCapacity: true)
        actionTexts.removeAll(keepingCapacity: true)
        for seat in lastTurn.indices {
            lastTurn[seat] = -1
            returnAtLastTurn[seat] = 0
        }
    }

    /// Records a turn of `seat`, whose return before acting is `returnNow`.
    func addTurn(seat: Int, role: Int, action: Int, invalid isInvalid: Bool, returnNow: Double) {
        closeTurn(of: seat, returnNow: returnNow)
        lastTurn[seat] = seats.count
        returnAtLastTurn[seat] = returnNow
        seats.append(Int32(seat))
        roles.append(Int32(role))
        actions.append(Int32(action))
        invalid.append(isInvalid ? 1 : 0)
        rewards.append(0)
    }

    /// Fills in the rewards of every seat's last turn from the final returns.
    func finish(finalReturns: [Double]) {
        for seat in finalReturns.indices { closeTurn(of: seat, returnNow: finalReturns[seat]) }
    }

    private func closeTurn(of seat: Int, returnNow: Double) {
        let row = lastTurn[seat]
        guard row >= 0 else { return }
        rewards[row] = Float(returnNow - returnAtLastTurn[seat])
        lastTurn[seat] = -1
    }
}
