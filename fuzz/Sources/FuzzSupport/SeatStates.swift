import Games

/// A seat state of a random play with its legal actions and their texts (the list the bridge
/// shows a text-mode client).
public struct SeatState<G: Game> {
    /// A state where a seat acts.
    public let state: G.State
    /// Its legal actions, in index order, each with `actionText`.
    public let legalActions: [(action: G.Action, text: String)]
}

/// Seat states of random plays already made, per game string and seed: playing a game out
/// and writing every legal action's text (thousands in Negotiation) costs far more than
/// reading one reply, and inputs mostly differ in the reply. The fuzz targets run on one thread.
nonisolated(unsafe) private var seatStateCache: [String: [[Any]?]] = [:]

/// How many different plays the seed byte picks among (the cache stays small).
private let playsPerGame = 32

extension Game {
    /// A state where a seat acts, chosen by two input bytes: the seed of a random legal
    /// play, and which of its seat states. Nil when the play has none (it cannot: every game
    /// starts with a decision after dealing).
    public func seatState(seedByte: UInt8, pickByte: UInt8) -> SeatState<Self>? {
        let seed = Int(seedByte) % playsPerGame
        let key = description
        if seatStateCache[key] == nil { seatStateCache[key] = Array(repeating: nil, count: playsPerGame) }
        if seatStateCache[key]![seed] == nil {
            seatStateCache[key]![seed] = randomPlay(seed: UInt64(seed)).compactMap { state -> SeatState<Self>? in
                guard case .seat = currentPlayer(state) else { return nil }
                return SeatState(state: state, legalActions: legalActions(state).map { ($0, actionText($0, in: state)) })
            }
        }
        let seatStates = seatStateCache[key]![seed]!
        guard !seatStates.isEmpty else { return nil }
        return seatStates[Int(pickByte) % seatStates.count] as? SeatState<Self>
    }
}
