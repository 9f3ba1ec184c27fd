/// Read-only views of a built tree's node arrays, for the recursive walks (CFR, best
/// response) that read them in their inner loops.
///
/// The tree must outlive the views: callers keep it alive with `withExtendedLifetime`.
struct TreeShape {
    let player: UnsafeBufferPointer<Int32>
    let firstChild: UnsafeBufferPointer<Int32>
    let childCount: UnsafeBufferPointer<Int32>
    let payload: UnsafeBufferPointer<Int32>
    let chanceProbability: UnsafeBufferPointer<Double>
    let terminalReturns: UnsafeBufferPointer<Double>
    let slotStart: UnsafeBufferPointer<Int32>
    let seatCount: Int

    init(_ tree: GameTree) {
        player = tree.player.buffer
        firstChild = tree.firstChild.buffer
        childCount = tree.childCount.buffer
        payload = tree.payload.buffer
        chanceProbability = tree.chanceProbability.buffer
        terminalReturns = tree.terminalReturns.buffer
        slotStart = tree.slotStart.buffer
        seatCount = tree.seatCount
    }
}
