import Games
import GamesTesting
import Testing

/// The catalog test checks `werewolf` with its defaults; these are the variants whose
/// parameters change the rules' shape. Fewer episodes for the big table: every state checks
/// every seat's prompt and tensor, and 15 players make both long.
@Suite("Werewolf variants pass the conformance checker")
struct WerewolfConformanceTests {
    static let variants: [(String, Int)] = [
        ("werewolf(preset=werewolf_arena)", 40),
        ("werewolf(preset=secret_mafia,players=10)", 25),
        ("werewolf(players=5)", 40),
        ("werewolf(players=15,werewolves=4,seers=2,doctors=2)", 10),
        ("werewolf(night_tie=random,day_tie=random)", 40),
        ("werewolf(reveal_roles=true,self_protect=false)", 40),
        ("werewolf(discussion_rounds=0,max_days=2)", 40),
        ("werewolf(seers=0,doctors=0,discussion_rounds=2)", 30),
    ]

    @Test("random playouts satisfy the Game contract", arguments: variants)
    func conformance(gameString: String, episodes: Int) throws {
        let report = try GameCatalog.visit(gameString, with: ConformanceVisitor(episodes: episodes))
        #expect(report.passed, "\(report)")
        #expect(report.episodes == episodes)
    }
}
