import Games
import Testing

/// `Negotiation.sampleLegalAction` counts its way to the drawn offer instead of listing the
/// offers; random games replay only if it draws exactly what the default (a draw over
/// `legalActions`) draws, so the two are compared at every decision of many random games.
@Suite("Negotiation draws a random move without listing the offers")
struct NegotiationSamplingTests {
    @Test(
        arguments: [
            "negotiation", "negotiation(preset=textarena)", "negotiation(quantities=0..3,turns=6,max_offer=2)",
            "negotiation(resources=Wood;Gold;Ore,quantities=4;5;6,values0=5;15;10,values1=15;5;10,max_offer=3)",
            "negotiation(quantities=0..2,turns=30,max_offer=1)",
        ])
    func theDrawMatchesADrawOverTheListedMoves(gameString: String) throws {
        let game = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
        let scratch = game.makeActionBuffer()
        var decisions = 0
        var kinds: Set<String> = []
        for episode in 0..<300 {
            var rng = EpisodeRNG(seed: 17, episode: UInt64(episode))
            var state = game.initialState()
            while true {
                switch game.currentPlayer(state) {
                case .terminal:
                    break
                case .chance:
                    game.apply(game.sampleChance(state, rng: &rng, scratch: game.makeChanceBuffer()), to: &state)
                    continue
                case .seat:
                    var byDefault = rng
                    game.legalActions(state, into: scratch)
                    let expected = scratch[byDefault.index(below: scratch.count)]
                    let drawn = game.sampleLegalAction(state, rng: &rng, scratch: scratch)
                    #expect(drawn == expected, "episode \(episode)")
                    #expect(rng == byDefault)
                    kinds.insert(String(describing: drawn.move).prefix { $0 != "(" }.description)
                    decisions += 1
                    game.apply(drawn, to: &state)
                    continue
                }
                break
            }
        }
        #expect(decisions > 300)
        #expect(kinds.isSuperset(of: ["pass", "offer"]), "\(kinds)")
        // With few offers, accepting and denying are drawn too, so every branch of the count is taken.
        if gameString.contains("max_offer") { #expect(kinds == ["pass", "accept", "deny", "offer"], "\(kinds)") }
    }
}
