import Games
import Testing

@Suite("Rules versions")
struct GameVersionTests {
    @Test("GameInfo.version is the last entry of the card's version history", arguments: GameCatalog.names)
    func versionMatchesTheCard(name: String) throws {
        let info = try #require(GameCatalog.infos.first { $0.name == name })
        let history = try #require(info.card.components(separatedBy: "## Version history").last)
        // Entries are lines "N: what changed"; continuation lines are indented.
        let versions = history.split(separator: "\n").compactMap { line in line.split(separator: ":").first.flatMap { Int($0) } }
        #expect(versions == Array(1...versions.count), "\(name): entries \(versions)")
        #expect(versions.last == info.version)
    }
}
