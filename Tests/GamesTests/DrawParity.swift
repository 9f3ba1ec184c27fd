import Games
import Testing

/// What `expectDrawsMatchListedMoves` saw: decisions compared and the kinds of move drawn.
struct DrawParityReport {
    var decisions = 0
    var kinds: Set<String> = []
}

/// Plays `episodes` random games of `game` and, at every decision, compares the game's
/// `sampleLegalAction` and `writeLegalMask` with the defaults built on `legalActions`: the same
/// move from the same generator state, the generator left in the same state, the same mask.
/// A game that overrides either to skip listing its moves replays its random games only if
/// this holds everywhere. `kind` names a move's kind for the report (the leading letters of
/// its description by default).
func expectDrawsMatchListedMoves<G: Game>(
    _ game: G, episodes: Int, seed: UInt64 = 17, kind: (G.Action) -> String = { String(describing: $0) }
) -> DrawParityReport {
    let listed = game.makeActionBuffer()
    let scratch = game.makeActionBuffer()
    var report = DrawParityReport()
    for episode in 0..<episodes {
        var rng = EpisodeRNG(seed: seed, episode: UInt64(episode))
        var state = game.initialState()
        playing: while true {
            switch game.currentPlayer(state) {
            case .terminal:
                break playing
            case .chance:
                game.apply(game.sampleChance(state, rng: &rng, scratch: game.makeChanceBuffer()), to: &state)
            case .seat:
                var byDefault = rng
                game.legalActions(state, into: listed)
                let expected = listed[byDefault.index(below: listed.count)]
                let drawn = game.sampleLegalAction(state, rng: &rng, scratch: scratch)
                #expect(drawn == expected, "episode \(episode): drew \(drawn), a draw over the listed moves \(expected)")
                #expect(rng == byDefault, "episode \(episode): the generator moved differently")
                var mask = [UInt8](repeating: 7, count: game.actionCount)
                mask.withUnsafeMutableBufferPointer { game.writeLegalMask(state, into: $0, scratch: scratch) }
                var fromList = [UInt8](repeating: 0, count: game.actionCount)
                for action in listed { fromList[game.actionIndex(action)] = 1 }
                #expect(mask == fromList, "episode \(episode): the mask disagrees with the listed moves")
                report.kinds.insert(String(kind(drawn).prefix { $0.isLetter }))
                report.decisions += 1
                game.apply(drawn, to: &state)
            }
        }
    }
    return report
}
