import Games
import Testing

@testable import Bridge

/// The same games played the plain way: one `Episode` per slot, stepped in slot order, with
/// the state frames computed from the episodes (docs/protocol.md, State frames and Stepping
/// rules). The vector's fast per-slot code must give exactly these frames.
private struct ReferenceVector<G: Game> {
    let game: G
    let seed: UInt64
    let autoReset: Bool
    var episodes: [Episode<G>] = []
    var episodeIDs: [Int64] = []
    var nextEpisode: UInt64 = 0

    init(game: G, batchSize: Int, seed: UInt64, autoReset: Bool) {
        self.game = game
        self.seed = seed
        self.autoReset = autoReset
        for _ in 0..<batchSize { startEpisode(nil) }
    }

    mutating func startEpisode(_ slot: Int?) {
        let episode = Episode(game, seed: seed, index: nextEpisode)
        if let slot {
            episodes[slot] = episode
            episodeIDs[slot] = Int64(nextEpisode)
        } else {
            episodes.append(episode)
            episodeIDs.append(Int64(nextEpisode))
        }
        nextEpisode += 1
    }

    /// Plays one action per slot; returns rewards, terminated and invalid flags, and how many
    /// episodes ended.
    mutating func step(_ actions: [Int32]) -> (rewards: [Float], terminated: [UInt8], invalid: [UInt8], finished: Int) {
        var finished = 0
        var rewards: [Float] = []
        var terminated: [UInt8] = []
        var invalid: [UInt8] = []
        for slot in episodes.indices {
            let before = episodes[slot].returns
            guard !episodes[slot].isOver else {
                rewards += Array(repeating: 0, count: game.seatCount)
                terminated.append(1)
                invalid.append(0)
                continue
            }
            let index = Int(actions[slot])
            let legal = game.legalActions(episodes[slot].state)
            var wasInvalid: UInt8 = 0
            if let action = game.action(atIndex: index), legal.contains(action) {
                _ = episodes[slot].play(action)
            } else {
                _ = episodes[slot].step(index: index)
                wasInvalid = 1
            }
            let after = episodes[slot].returns
            rewards += zip(after, before).map { Float($0 - $1) }
            terminated.append(episodes[slot].isOver ? 1 : 0)
            invalid.append(wasInvalid)
            if episodes[slot].isOver { finished += 1 }
            if episodes[slot].isOver && autoReset { startEpisode(slot) }
        }
        return (rewards, terminated, invalid, finished)
    }

    var currentSeats: [Int32] {
        episodes.map { episode in
            if case .seat(let seat) = episode.currentPlayer { return Int32(seat) }
            return -1
        }
    }

    var legalMasks: [UInt8] {
        episodes.flatMap { episode in
            var mask = [UInt8](repeating: 0, count: game.actionCount)
            if !episode.isOver {
                for action in game.legalActions(episode.state) { mask[game.actionIndex(action)] = 1 }
            }
            return mask
        }
    }

    var observations: [Float] {
        zip(episodes, currentSeats).flatMap { episode, seat in game.observation(episode.state, seat: max(Int(seat), 0)) }
    }
}

@Suite("Game vectors against plain episodes")
struct GameVectorTests {
    /// Steps a vector and its reference with the same actions (about one in eight illegal or
    /// out of range) and compares every state frame of every reply.
    private func compare<G: Game>(_ game: G, autoReset: Bool, packed: Bool, steps: Int = 40) throws {
        let batchSize = 13
        var request = WireMakeRequest()
        request.game = game.description
        request.batchSize = UInt32(batchSize)
        request.seed = 21
        request.autoReset = autoReset
        request.packedArrays = packed
        let vector = try GameVector(id: 1, owner: [], game: game, options: try VectorOptions(request))
        var reference = ReferenceVector(game: game, batchSize: batchSize, seed: 21, autoReset: autoReset)
        var rng = EpisodeRNG(seed: 5)
        var reply = OutgoingMessage(kind: .reset, requestID: 1, isReply: true)
        try vector.reset(seed: nil, into: &reply)
        var state = try IncomingMessage(frames: try reply.parts())
        for step in 0..<steps {
            let context = "\(game.description), auto-reset \(autoReset), packed \(packed), step \(step)"
            #expect(try state.array("current_seats", as: Int32.self)?.values == reference.currentSeats, "\(context)")
            #expect(try state.array("legal_masks", as: UInt8.self)?.values == reference.legalMasks, "\(context)")
            #expect(try state.array("observations", as: Float.self)?.values == reference.observations, "\(context)")
            #expect(try state.array("episode_ids", as: Int64.self)?.values == reference.episodeIDs, "\(context)")
            let masks = reference.legalMasks
            let actions: [Int32] = (0..<batchSize).map { slot in
                if rng.index(below: 8) == 0 { return Int32(rng.index(below: game.actionCount + 2)) - 1 }
                let legal = (0..<game.actionCount).filter { masks[slot * game.actionCount + $0] == 1 }
                return legal.isEmpty ? -1 : Int32(legal[rng.index(below: legal.count)])
            }
            var message = OutgoingMessage(kind: .step, requestID: UInt64(step + 2), isReply: false)
            message.header.step = WireStepRequest.with { $0.vectorID = 1 }
            try message.addArray("actions", actions)
            reply = OutgoingMessage(kind: .step, requestID: UInt64(step + 2), isReply: true)
            try vector.step(try IncomingMessage(frames: try message.parts()), into: &reply)
            state = try IncomingMessage(frames: try reply.parts())
            let expected = reference.step(actions)
            #expect(try state.array("rewards", as: Float.self)?.values == expected.rewards, "\(context)")
            #expect(try state.array("terminated", as: UInt8.self)?.values == expected.terminated, "\(context)")
            #expect(try state.array("invalid", as: UInt8.self)?.values == expected.invalid, "\(context)")
            #expect(state.header.stepReply.episodesFinished == UInt32(expected.finished), "\(context)")
        }
    }

    @Test func ticTacToeVectorsPlayTheGamesOfPlainEpisodes() throws {
        for autoReset in [true, false] {
            for packed in [true, false] { try compare(TicTacToe(), autoReset: autoReset, packed: packed) }
        }
    }

    @Test func kuhnVectorsDealAndPlayTheGamesOfPlainEpisodes() throws {
        let threePlayers = try KuhnPoker(["players": .int(3)])
        for game in [KuhnPoker(), threePlayers] {
            for packed in [true, false] { try compare(game, autoReset: true, packed: packed) }
        }
        try compare(KuhnPoker(), autoReset: false, packed: true)
    }
}
