import Games
import Testing

/// `Werewolf.sampleLegalAction` picks the drawn move from the task's runs of seats instead of
/// listing the moves.
@Suite("Werewolf draws a random move without listing the moves")
struct WerewolfSamplingTests {
    @Test(arguments: WerewolfConformanceTests.variants.map(\.0) + ["werewolf"])
    func theDrawMatchesADrawOverTheListedMoves(gameString: String) throws {
        let report = try GameCatalog.visit(gameString, with: DrawParityVisitor(episodes: 60))
        #expect(report.decisions > 300)
        #expect(report.kinds.isSuperset(of: ["target", "abstain"]), "\(report.kinds)")
        // The default game has every task: night powers, sleep, speech of every kind and votes.
        if gameString == "werewolf" {
            #expect(report.kinds == ["target", "abstain", "sleep", "claim", "accuse", "defend", "pass"], "\(report.kinds)")
        }
    }
}

/// Runs `expectDrawsMatchListedMoves` on a game named by a game string.
struct DrawParityVisitor: GameVisitor {
    let episodes: Int

    func visit<G: Game>(_ game: G) -> DrawParityReport {
        expectDrawsMatchListedMoves(game, episodes: episodes)
    }
}
