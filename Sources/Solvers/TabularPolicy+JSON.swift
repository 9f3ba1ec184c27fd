import Foundation
import Games

// The policy file format, version 1 (docs/policy-format.md):
//
// {
//   "format": "selfplay.tabular_policy",
//   "version": 1,
//   "game": "kuhn_poker",
//   "action_count": 2,
//   "metadata": { "algorithm": "cfr+", "iterations": "1000" },
//   "policy": {
//     "0": [0.79, 0.21],
//     "0b": [1.0, 0.0]
//   }
// }

extension TabularPolicy {
    /// The policy as a version-1 policy file: one line per information state, sorted, so files
    /// diff well.
    public func jsonString() -> String {
        var lines = [
            "{",
            "  \"format\": \(QuotedText.quoted(Self.formatName)),",
            "  \"version\": \(Self.formatVersion),",
            "  \"game\": \(QuotedText.quoted(game)),",
            "  \"action_count\": \(actionCount),",
        ]
        let notes = metadata.keys.sorted().map { "\(QuotedText.quoted($0)): \(QuotedText.quoted(metadata[$0] ?? ""))" }
        lines.append("  \"metadata\": {" + notes.joined(separator: ", ") + "},")
        let rows = informationStates.map { state in
            "    \(QuotedText.quoted(state)): [" + (table[state] ?? []).map { "\($0)" }.joined(separator: ", ") + "]"
        }
        if rows.isEmpty {
            lines.append("  \"policy\": {}")
        } else {
            lines.append("  \"policy\": {")
            lines.append(rows.joined(separator: ",\n"))
            lines.append("  }")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the policy file.
    ///
    /// - Throws: `PolicyError.unwritable` (naming the path) when the file cannot be written.
    public func save(to path: String) throws(PolicyError) {
        do {
            try jsonString().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Reads a policy file to play `game` with: the file's game must be `game` and its
    /// `action_count` the game's. A row of another length would be indexed by the game's
    /// action indices, and a huge `action_count` would be allocated at every decision.
    ///
    /// - Throws: `PolicyError` as `load(from:expectedGame:)`, or `.actionCountMismatch`.
    public static func load<G: Game>(from path: String, for game: G) throws(PolicyError) -> TabularPolicy {
        let policy = try load(from: path, expectedGame: game.description)
        try policy.checkActionCount(of: game)
        return policy
    }

    /// Reads the text of a policy file to play `game` with, as `load(from:for:)`.
    ///
    /// - Throws: `PolicyError` as `init(json:expectedGame:)`, or `.actionCountMismatch`.
    public init<G: Game>(json text: String, for game: G) throws(PolicyError) {
        try self.init(json: text, expectedGame: game.description)
        try checkActionCount(of: game)
    }

    private func checkActionCount<G: Game>(of game: G) throws(PolicyError) {
        guard actionCount == game.actionCount else {
            throw .actionCountMismatch(policy: actionCount, expected: game.actionCount)
        }
    }

    /// Reads a policy file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - expectedGame: when given, the file's game must be this game (compared in canonical form).
    /// - Throws: `PolicyError` naming what is wrong: unreadable file, malformed JSON, wrong
    ///   format or version, another game, or a row that is not a distribution.
    public static func load(from path: String, expectedGame: String? = nil) throws(PolicyError) -> TabularPolicy {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try TabularPolicy(json: text, expectedGame: expectedGame)
    }

    /// Reads a policy from the text of a policy file.
    ///
    /// - Throws: `PolicyError` as `load(from:expectedGame:)`.
    public init(json text: String, expectedGame: String? = nil) throws(PolicyError) {
        let root: JSONValue
        do {
            // JSONDecoder reads numbers exactly (JSONSerialization on Linux rounds some).
            root = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw .malformed(reason: "the text is not valid JSON")
        }
        guard case .object(let object) = root else { throw .malformed(reason: "the top level must be a JSON object") }
        guard case .string(let format)? = object["format"] else {
            throw .malformed(reason: "the field 'format' must be the string \(QuotedText.quoted(Self.formatName))")
        }
        guard format == Self.formatName else { throw .unsupportedFormat(found: format) }
        guard let version = object["version"]?.integer else {
            throw .malformed(reason: "the field 'version' must be an integer (this build reads \(Self.formatVersion))")
        }
        guard version == Self.formatVersion else { throw .unsupportedVersion(found: version) }
        guard case .string(let game)? = object["game"] else {
            throw .malformed(reason: "the field 'game' must be a game string such as \"kuhn_poker\"")
        }
        guard let actionCount = object["action_count"]?.integer, actionCount > 0 else {
            throw .malformed(reason: "the field 'action_count' must be a positive integer")
        }
        if let expectedGame, !Self.sameGame(game, expectedGame) {
            throw .gameMismatch(policy: game, expected: Self.canonical(expectedGame))
        }
        var metadata: [String: String] = [:]
        switch object["metadata"] {
        case nil, .null?: break
        case .object(let notes)?:
            for (key, value) in notes {
                guard case .string(let note) = value else {
                    throw .malformed(reason: "metadata '\(key)' must be a string")
                }
                metadata[key] = note
            }
        default: throw .malformed(reason: "the field 'metadata' must be an object of strings")
        }
        self.init(game: game, actionCount: actionCount, metadata: metadata)
        guard case .object(let rows)? = object["policy"] else {
            throw .malformed(reason: "the field 'policy' must be an object from information-state strings to arrays of \(actionCount) probabilities")
        }
        for (state, value) in rows {
            guard case .array(let items) = value else {
                throw .badProbabilities(informationState: state, reason: "must be an array of \(actionCount) numbers, one per action index")
            }
            var row: [Double] = []
            for (action, item) in items.enumerated() {
                guard case .number(let probability) = item else {
                    throw .badProbabilities(informationState: state, reason: "action \(action)'s probability is not a number")
                }
                row.append(probability)
            }
            try setProbabilities(row, forInformationState: state)
        }
    }

    /// Whether two game strings name the same game: equal canonical forms (defaults dropped),
    /// or equal text for games outside the catalog.
    public static func sameGame(_ first: String, _ second: String) -> Bool {
        first == second || canonical(first) == canonical(second)
    }

    static func canonical(_ gameString: String) -> String {
        (try? GameCatalog.parameters(of: gameString).gameString) ?? gameString
    }
}

/// Any JSON value, decoded with `JSONDecoder` so numbers keep every bit.
private enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value as an integer, if it is a whole number.
    var integer: Int? {
        guard case .number(let number) = self, number.rounded() == number, number.magnitude < 1e15 else { return nil }
        return Int(number)
    }
}
