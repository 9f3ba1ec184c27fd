import Foundation
import Games
import Rollout
import Testing

@Suite("Trajectory files")
struct TrajectoryFileTests {
    @Test func filesHaveNumpyHeadersWithTheFinalShapes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("selfplay-traj-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let game = TicTacToe()
        let writer = try TrajectoryFileWriter(folder: folder, game: game, policies: ["random"], seed: 3)
        let engine = RolloutEngine(game: game, options: RolloutOptions(seed: 3, threads: 2, batchSize: 40, record: true))
        var steps = 0
        try engine.run(episodes: 0..<100, policies: [.uniformRandom()]) { batch in
            for buffer in batch.trajectories {
                try writer.append(buffer)
                steps += buffer.stepCount
            }
        }
        try writer.finish()
        let observations = try Data(contentsOf: folder.appendingPathComponent("observations.npy"))
        #expect(observations.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
        let header = String(decoding: observations[10..<128], as: UTF8.self)
        #expect(header.contains("'descr': '<f4'"))
        #expect(header.contains("'shape': (\(steps), 3, 3, 3)"))
        #expect(header.hasSuffix("\n"))
        #expect(observations.count == 128 + steps * 27 * 4)
        let lengths = try Data(contentsOf: folder.appendingPathComponent("lengths.npy"))
        #expect(String(decoding: lengths[10..<128], as: UTF8.self).contains("'shape': (100,)"))
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("meta.json"))) as? [String: Any]
        #expect(meta?["steps"] as? Int == steps)
        #expect(meta?["episodes"] as? Int == 100)
        #expect(meta?["game_version"] as? Int == TicTacToe.info.version)
        #expect(throws: (any Error).self) { try TrajectoryFileWriter(folder: folder, game: game, policies: ["random"], seed: 3) }
    }
}
