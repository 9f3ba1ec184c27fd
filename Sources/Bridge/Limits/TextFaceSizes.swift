import Games

/// How long a game's prompts and legal action lists get, measured by playing it: the text a
/// text-mode vector keeps per slot and writes into each reply.
///
/// Measured on a few seeded random episodes, played to the end so that the longest prompts
/// of a game whose prompts grow with its history are seen, and doubled, since another episode
/// may run longer. The faces are built at every eighth decision and at each episode's last:
/// building every face of a long Werewolf game took over a second of the serving thread.
/// Client text shown in prompts (Negotiation talk, Werewolf speeches) is not part of it: it
/// is counted as it is played.
struct TextFaceSizes: Sendable {
    /// The longest prompt seen, in UTF-8 bytes, doubled.
    let promptBytes: Int
    /// The longest list of legal action texts seen (all of one decision together), doubled.
    let legalActionBytes: Int

    static let probeEpisodes = 4
    /// Faces are measured at decisions 0, 8, 16, ... and at the last.
    static let decisionsBetweenMeasurements = 8

    init<G: Game>(measuring game: G) {
        var longestPrompt = 0
        var longestActions = 0
        let legal = game.makeActionBuffer()
        func measure(_ state: G.State, seat: Int) {
            longestPrompt = max(longestPrompt, game.observationText(state, seat: seat).utf8.count)
            game.legalActions(state, into: legal)
            longestActions = max(longestActions, legal.reduce(0) { $0 + game.actionText($1, in: state).utf8.count })
        }
        for index in 0..<Self.probeEpisodes {
            var episode = Episode(game, seed: 0x7072_6F62_65, index: UInt64(index))
            var rng = EpisodeRNG(seed: 0x7072_6F62_65 ^ 1, episode: UInt64(index))
            var decision = 0
            var last: (state: G.State, seat: Int)?
            while case .seat(let seat) = episode.currentPlayer {
                let state = episode.state
                if decision % Self.decisionsBetweenMeasurements == 0 { measure(state, seat: seat) }
                last = (state, seat)
                decision += 1
                game.legalActions(state, into: legal)
                _ = episode.play(legal[rng.index(below: legal.count)])
            }
            if let last { measure(last.state, seat: last.seat) }
        }
        promptBytes = 2 * longestPrompt
        legalActionBytes = 2 * longestActions
    }
}

/// `TextFaceSizes` per canonical game string, measured once.
final class TextFaceSizeCache {
    private var sizes: [String: TextFaceSizes] = [:]

    func sizes<G: Game>(of game: G) -> TextFaceSizes {
        if let known = sizes[game.description] { return known }
        let measured = TextFaceSizes(measuring: game)
        // Game strings come from clients: keep the cache small.
        if sizes.count >= 256 { sizes.removeAll() }
        sizes[game.description] = measured
        return measured
    }
}
