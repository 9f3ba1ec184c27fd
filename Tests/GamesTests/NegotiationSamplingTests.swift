import Games
import Testing

/// `Negotiation.sampleLegalAction` counts its way to the drawn offer and `writeLegalMask` writes
/// runs of offers, neither listing the hundreds of offers.
@Suite("Negotiation draws a random move and writes its legal mask without listing the offers")
struct NegotiationSamplingTests {
    @Test(
        arguments: [
            "negotiation", "negotiation(preset=textarena)", "negotiation(quantities=0..3,turns=6,max_offer=2)",
            "negotiation(resources=Wood;Gold;Ore,quantities=4;5;6,values0=5;15;10,values1=15;5;10,max_offer=3)",
            "negotiation(quantities=0..2,turns=30,max_offer=1)",
        ])
    func theDrawAndTheMaskMatchTheListedMoves(gameString: String) throws {
        let game = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
        let report = expectDrawsMatchListedMoves(game, episodes: 300) { String(describing: $0.move) }
        #expect(report.decisions > 300)
        #expect(report.kinds.isSuperset(of: ["pass", "offer"]), "\(report.kinds)")
        // With few offers, accepting and denying are drawn too, so every branch of the count is taken.
        if gameString.contains("max_offer") { #expect(report.kinds == ["pass", "accept", "deny", "offer"], "\(report.kinds)") }
    }
}
