import Foundation
import RAE
import Testing

/// Baselines survive a restart: saved as JSON keyed by game string and role name.
@Suite("Saving and restoring baselines")
struct BaselineSnapshotTests {
    static let keys = [
        RoleKey(game: "tic_tac_toe", role: "X"), RoleKey(game: "tic_tac_toe", role: "O"),
        RoleKey(game: "kuhn_poker", role: "first"), RoleKey(game: "kuhn_poker", role: "second"),
    ]

    @Test("a restarted estimator continues exactly where the saved one was")
    func roundTripContinues() throws {
        let columns = BatchColumns.random(episodes: 200, lengths: 2...9, seatCount: 2, roleCount: 4, seed: 5)
        var original = try RoleAdvantageEstimator(roleCount: 4, configuration: .init(gamma: 0.9))
        _ = try columns.withTurnBatch { try original.estimate($0) }

        let json = try original.baselines.snapshot(keys: Self.keys).jsonData()
        let restoredTable = try RoleBaselines(restoring: BaselineSnapshot(json: json), keys: Self.keys)
        #expect(restoredTable == original.baselines)

        var restarted = try RoleAdvantageEstimator(
            roleCount: 4, baselines: restoredTable, configuration: original.configuration)
        let next = BatchColumns.random(episodes: 200, lengths: 2...9, seatCount: 2, roleCount: 4, seed: 6)
        let expected = try next.withTurnBatch { try original.estimate($0) }
        let actual = try next.withTurnBatch { try restarted.estimate($0) }
        #expect(actual == expected)
        #expect(restarted.baselines == original.baselines)
    }

    @Test("the JSON is keyed by game string, then role name")
    func jsonShape() throws {
        let table = try RoleBaselines(values: [0.25, -0.25, 0.5, -0.5], decay: 0.9)
        let json = try table.snapshot(keys: Self.keys).jsonData()
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"kuhn_poker\""))
        #expect(text.contains("\"first\" : 0.5"))
        #expect(text.contains("\"X\" : 0.25"))
        #expect(text.contains("\"decay\" : 0.9"))
        let parsed = try BaselineSnapshot(json: json)
        #expect(parsed.baselines["tic_tac_toe"]?["O"] == -0.25)
    }

    @Test("a restart may number roles differently; new roles start at 0; old ones not asked for are ignored")
    func renumbering() throws {
        let table = try RoleBaselines(values: [0.25, -0.25, 0.5, -0.5])
        let snapshot = try table.snapshot(keys: Self.keys)
        let newKeys = [
            RoleKey(game: "werewolf", role: "seer"), RoleKey(game: "kuhn_poker", role: "second"),
            RoleKey(game: "tic_tac_toe", role: "X"),
        ]
        let restored = try RoleBaselines(restoring: snapshot, keys: newKeys)
        #expect(restored.values == [0, -0.5, 0.25])
        #expect(restored.decay == 0.95)
    }

    @Test("keys must be one per role id and distinct; unknown versions are refused")
    func badKeysAndVersions() throws {
        let table = try RoleBaselines(roleCount: 2)
        #expect(throws: RAEError.columnCount(column: "keys", count: 4, expected: 2, reason: "the 2 role ids")) {
            try table.snapshot(keys: Self.keys)
        }
        let twice = [Self.keys[0], Self.keys[0]]
        #expect(throws: RAEError.duplicateRoleKey(game: "tic_tac_toe", role: "X")) {
            try table.snapshot(keys: twice)
        }
        let future = Data(#"{"version": 2, "decay": 0.95, "baselines": {}}"#.utf8)
        #expect(throws: RAEError.invalidParameter(name: "snapshot version", value: "2", allowed: "1")) {
            try BaselineSnapshot(json: future)
        }
    }
}
