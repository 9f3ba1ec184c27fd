import Foundation
import Games

/// Writes recorded trajectories to a folder of NumPy files plus `meta.json`; the layout is
/// documented in docs/trajectory-format.md and read with `numpy.load` alone.
public final class TrajectoryFileWriter {
    /// The folder written.
    public let folder: URL
    private let writers: [String: NpyWriter]
    private let meta: [String: Any]

    /// Creates the folder (which must not hold a previous run's files) and the column files.
    ///
    /// - Throws: when the folder cannot be created or already holds trajectory files.
    public init<G: Game>(folder: URL, game: G, policies: [String], seed: UInt64) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if existing.contains("meta.json") {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: folder.appendingPathComponent("meta.json").path,
                                                                NSLocalizedDescriptionKey: "\(folder.path) already holds trajectories (meta.json); choose a new folder"])
        }
        func file(_ name: String, _ descriptor: String, _ shape: [Int]) throws -> (String, NpyWriter) {
            (name, try NpyWriter(url: folder.appendingPathComponent("\(name).npy"), descriptor: descriptor, rowShape: shape))
        }
        let seats = game.seatCount
        writers = Dictionary(uniqueKeysWithValues: [
            try file("observations", "<f4", game.observationShape),
            try file("legal_masks", "|u1", [game.actionCount]),
            try file("seats", "<i4", []),
            try file("roles", "<i4", []),
            try file("actions", "<i4", []),
            try file("rewards", "<f4", [seats]),
            try file("episode_ids", "<i8", []),
            try file("step_indices", "<i4", []),
            try file("terminals", "|u1", []),
            try file("episode_index", "<i8", []),
            try file("returns", "<f4", [seats]),
            try file("lengths", "<i4", []),
            try file("outcomes", "|i1", []),
        ])
        meta = [
            "format": "selfplay.trajectories.v1",
            "game": game.description,
            "game_version": G.info.version,
            "seed": seed,
            "policies": policies,
            "seats": seats,
            "action_count": game.actionCount,
            "observation_shape": game.observationShape,
            "role_names": game.roleNames,
        ]
    }

    /// Appends one shard buffer's steps and episodes.
    public func append(_ buffer: TrajectoryBuffer) throws {
        func write<T>(_ name: String, _ column: Column<T>) throws {
            guard let writer = writers[name] else { return }
            try writer.append(column.buffer)
        }
        try write("observations", buffer.observations)
        try write("legal_masks", buffer.legalMasks)
        try write("seats", buffer.seats)
        try write("roles", buffer.roles)
        try write("actions", buffer.actions)
        try write("rewards", buffer.rewards)
        try write("episode_ids", buffer.episodeIDs)
        try write("step_indices", buffer.stepIndices)
        try write("terminals", buffer.terminals)
        try write("episode_index", buffer.episodeIndex)
        try write("returns", buffer.returns)
        try write("lengths", buffer.lengths)
        try write("outcomes", buffer.outcomes)
    }

    /// Finishes every file and writes `meta.json` with the counts.
    public func finish() throws {
        for writer in writers.values { try writer.finish() }
        var meta = self.meta
        meta["steps"] = writers["seats"]?.rows ?? 0
        meta["episodes"] = writers["lengths"]?.rows ?? 0
        let data = try JSONSerialization.data(withJSONObject: meta, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: folder.appendingPathComponent("meta.json"))
    }
}
