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
            throw CocoaError(
                .fileWriteFileExists,
                userInfo: [
                    NSFilePathErrorKey: folder.appendingPathComponent("meta.json").path,
                    NSLocalizedDescriptionKey: "\(folder.path) already holds trajectories (meta.json); choose a new folder",
                ])
        }
        let seats = game.seatCount
        writers = Dictionary(
            uniqueKeysWithValues: try TrajectoryBuffer.columns.map { column in
                let shape = column.rowShape(observationShape: game.observationShape, actionCount: game.actionCount, seatCount: seats)
                let writer = try NpyWriter(
                    url: folder.appendingPathComponent("\(column.name).npy"), descriptor: column.numpyDescriptor, rowShape: shape)
                return (column.name, writer)
            })
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
        for column in TrajectoryBuffer.columns {
            try writers[column.name]?.append(buffer.bytes(of: column), elementBytes: column.elementBytes)
        }
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
