import Foundation
import Games
import GamesTesting
import Testing

/// Golden transcripts: `games playthrough NAME --seed S > Tests/GamesTests/Playthroughs/NAME.txt`
/// writes them; these tests regenerate each one and require it to be identical.
@Suite("Golden playthroughs")
struct PlaythroughTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Playthroughs")

    static var transcriptFiles: [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
    }

    @Test("every catalog game has a committed playthrough", arguments: GameCatalog.names)
    func everyGameHasATranscript(name: String) throws {
        let file = Self.folder.appendingPathComponent("\(name).txt")
        #expect(FileManager.default.fileExists(atPath: file.path), "missing \(file.path): run `games playthrough \(name) > \(file.path)`")
    }

    @Test("each committed playthrough regenerates identically", arguments: transcriptFiles)
    func transcriptMatches(file: URL) throws {
        let committed = try String(contentsOf: file, encoding: .utf8)
        let header = committed.split(separator: "\n").prefix(2).map(String.init)
        let gameString = try #require(header.first?.split(separator: " ", maxSplits: 1).last.map(String.init))
        let seed = try #require(header.last?.split(separator: " ").last.flatMap { UInt64($0) })
        let regenerated = try Playthrough.transcript(gameString: gameString, seed: seed)
        if regenerated != committed {
            let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
            let newLines = regenerated.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(committedLines, newLines).enumerated().first { $0.element.0 != $0.element.1 }
            let where_ = firstDifference.map { "line \($0.offset + 1): committed '\($0.element.0)' vs now '\($0.element.1)'" } ?? "lengths differ"
            Issue.record("\(file.lastPathComponent) differs from the rules' output at \(where_)")
        }
    }

    @Test func transcriptsAreDeterministic() throws {
        let first = try Playthrough.transcript(gameString: "kuhn_poker(rounds=3)", seed: 11)
        let second = try Playthrough.transcript(gameString: "kuhn_poker(rounds=3)", seed: 11)
        let other = try Playthrough.transcript(gameString: "kuhn_poker(rounds=3)", seed: 12)
        #expect(first == second)
        #expect(first != other)
    }
}
