import Games

/// Seat states of random plays already made, per game string and seed: playing a game out
/// costs far more than reading one reply, and inputs mostly differ in the reply.
/// The fuzz targets run on one thread.
nonisolated(unsafe) private var seatStateCache: [String: [[Any]]] = [:]

/// How many different plays the seed byte picks among (the cache stays small).
private let playsPerGame = 32

extension Game {
    /// A state where a seat acts, chosen by two input bytes: the seed of a random legal
    /// play, and which of its seat states. Nil when the play has none (it cannot: every game
    /// starts with a decision after dealing).
    public func seatState(seedByte: UInt8, pickByte: UInt8) -> State? {
        let seed = Int(seedByte) % playsPerGame
        let key = description
        if seatStateCache[key] == nil { seatStateCache[key] = Array(repeating: [], count: playsPerGame) }
        if seatStateCache[key]![seed].isEmpty {
            seatStateCache[key]![seed] = randomPlay(seed: UInt64(seed)).filter {
                if case .seat = currentPlayer($0) { return true }
                return false
            }
        }
        let seatStates = seatStateCache[key]![seed]
        guard !seatStates.isEmpty else { return nil }
        return seatStates[Int(pickByte) % seatStates.count] as? State
    }
}
