import Foundation

/// The (game, role) pair a role id stands for, e.g. `("kuhn_poker", "first")`.
public struct RoleKey: Hashable, Codable, Sendable {
    /// The game string, e.g. `"tic_tac_toe"` or `"werewolf(players=8)"`.
    public var game: String
    /// The role name within the game, e.g. `"X"` or `"seer"`.
    public var role: String

    /// Makes a key.
    /// - Parameters:
    ///   - game: the game string.
    ///   - role: the role name.
    public init(game: String, role: String) {
        self.game = game
        self.role = role
    }
}

/// Saved baselines, keyed by game string and role name so that a restart may number its
/// role ids differently and still pick up where it was.
///
/// JSON form: `{"decay": 0.95, "version": 1, "baselines": {"tic_tac_toe": {"O": -0.1, "X": 0.2}}}`.
public struct BaselineSnapshot: Codable, Equatable, Sendable {
    /// The snapshot format; 1 is the only one so far.
    public var version: Int
    /// The EMA decay the baselines were kept with.
    public var decay: Float
    /// Baselines by game string, then by role name.
    public var baselines: [String: [String: Float]]

    /// Makes a snapshot.
    /// - Parameters:
    ///   - decay: the EMA decay.
    ///   - baselines: baselines by game string, then role name.
    public init(decay: Float, baselines: [String: [String: Float]]) {
        self.version = 1
        self.decay = decay
        self.baselines = baselines
    }

    /// Decodes a snapshot from JSON.
    /// - Parameter json: the bytes written by ``jsonData()``.
    /// - Throws: a `DecodingError` for malformed JSON, ``RAEError`` for an unknown version.
    public init(json: Data) throws {
        self = try JSONDecoder().decode(BaselineSnapshot.self, from: json)
        guard version == 1 else {
            throw RAEError.invalidParameter(
                name: "snapshot version", value: "\(version)", allowed: "1")
        }
    }

    /// Encodes the snapshot as JSON with sorted keys, so equal snapshots give equal bytes.
    /// - Returns: UTF-8 JSON.
    /// - Throws: an `EncodingError` (not expected for finite values).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }
}

extension RoleBaselines {
    /// Saves the table under the keys the caller's role ids stand for.
    /// - Parameter keys: `keys[id]` is the (game, role) of role id `id`; one per role id.
    /// - Returns: the snapshot.
    /// - Throws: ``RAEError`` when the key count differs from ``roleCount`` or a key repeats.
    public func snapshot(keys: [RoleKey]) throws -> BaselineSnapshot {
        try Self.checkKeys(keys, roleCount: roleCount)
        var baselines: [String: [String: Float]] = [:]
        for (id, key) in keys.enumerated() {
            baselines[key.game, default: [:]][key.role] = values[id]
        }
        return BaselineSnapshot(decay: decay, baselines: baselines)
    }

    /// Restores a table from a snapshot; a key the snapshot lacks starts at 0, as a new role
    /// would, and entries for keys not asked for are ignored.
    /// - Parameters:
    ///   - snapshot: the saved baselines; its decay is kept.
    ///   - keys: `keys[id]` is the (game, role) of role id `id` in this run.
    /// - Throws: ``RAEError`` for repeated keys, a bad decay or a non-finite saved value.
    public init(restoring snapshot: BaselineSnapshot, keys: [RoleKey]) throws {
        try Self.checkKeys(keys, roleCount: keys.count)
        var values = [Float](repeating: 0, count: keys.count)
        for (id, key) in keys.enumerated() {
            guard let saved = snapshot.baselines[key.game]?[key.role] else { continue }
            guard saved.isFinite else {
                throw RAEError.nonFiniteSavedBaseline(game: key.game, role: key.role, value: saved)
            }
            values[id] = saved
        }
        try self.init(values: values, decay: snapshot.decay)
    }

    private static func checkKeys(_ keys: [RoleKey], roleCount: Int) throws {
        try Validate.count("keys", keys.count, expected: roleCount, reason: "the \(roleCount) role ids")
        var seen = Set<RoleKey>()
        for key in keys where !seen.insert(key).inserted {
            throw RAEError.duplicateRoleKey(game: key.game, role: key.role)
        }
    }
}
