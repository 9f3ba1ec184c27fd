/// The server's memory budget and what is charged to it (docs/protocol.md, Limits).
///
/// Fixed parts of a vector (its games, bookkeeping, recordings at their largest, one reply,
/// one trajectory message) are reserved from an estimate at `MAKE`, before anything is
/// allocated, and returned when the vector closes. What grows with what clients send is
/// counted as it comes and goes: text kept for episodes, trajectory messages waiting for a
/// trainer, replies and requests held for clients.
///
/// Touched only by the server thread (vectors and their recordings report to it from there).
final class MemoryLedger {
    /// The budget in bytes (`--max-memory`).
    let limit: Int
    /// Estimates of the open vectors.
    private(set) var reservedBytes = 0
    /// Text kept for live and finished episodes: replies played into states, recorded
    /// prompts, replies and action texts.
    private(set) var textBytes = 0
    /// Trajectory messages queued for trainers.
    private(set) var queuedTrajectoryBytes = 0
    /// Replies and requests held for clients.
    private(set) var heldBytes = 0
    /// Trajectory messages kept until a trainer acknowledges them (a kept message waiting to
    /// be sent is counted here only).
    private(set) var keptTrajectoryBytes = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Everything charged.
    var usedBytes: Int { reservedBytes + textBytes + queuedTrajectoryBytes + heldBytes + keptTrajectoryBytes }

    /// What is left of the budget (never negative).
    var freeBytes: Int { max(limit - usedBytes, 0) }

    /// Whether `bytes` more fit the budget.
    func fits(_ bytes: Int) -> Bool { bytes <= freeBytes }

    func reserve(_ bytes: Int) { reservedBytes += bytes }
    func unreserve(_ bytes: Int) { reservedBytes -= bytes }
    func addText(_ bytes: Int) { textBytes += bytes }
    func removeText(_ bytes: Int) { textBytes -= bytes }
    func addQueuedTrajectories(_ bytes: Int) { queuedTrajectoryBytes += bytes }
    func removeQueuedTrajectories(_ bytes: Int) { queuedTrajectoryBytes -= bytes }
    func addHeld(_ bytes: Int) { heldBytes += bytes }
    func removeHeld(_ bytes: Int) { heldBytes -= bytes }
    func setKeptTrajectories(_ bytes: Int) { keptTrajectoryBytes = bytes }

    /// A sentence for error messages: the budget and what holds it.
    var summary: String {
        "\(ByteCount.describe(usedBytes)) of the server's \(ByteCount.describe(limit)) budget is in use "
            + "(vectors \(ByteCount.describe(reservedBytes)), episode text \(ByteCount.describe(textBytes)), "
            + "trajectories waiting for a trainer \(ByteCount.describe(queuedTrajectoryBytes)), "
            + "replies and requests held for clients \(ByteCount.describe(heldBytes)), "
            + "trajectories kept until acknowledged \(ByteCount.describe(keptTrajectoryBytes)))"
    }
}
