/// A typed parameter value, as written in a game string.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)

    /// The type's name, for error messages.
    public var typeName: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "true or false"
        case .string: return "a string"
        }
    }

    /// The value as written in a game string; parsing it back gives the same value.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .string(let value): return value
        }
    }
}

/// The parameters of one game instance: every declared parameter, defaults filled in.
///
/// Built from a game string by `GameParameters.parse`, which checks names and types against
/// the game's `ParameterSpec`s; range checks belong to the game's initialiser.
public struct GameParameters: Hashable, Sendable {
    /// The game these parameters belong to.
    public let gameName: String
    /// The declarations, in game-string order.
    public let specs: [ParameterSpec]
    private var values: [String: ParameterValue]

    /// The defaults of `info`'s parameters, optionally overridden.
    ///
    /// - Throws: `GameError.badParameter` for an unknown name or a value of the wrong type.
    public init(for info: GameInfo, overrides: [String: ParameterValue] = [:]) throws(GameError) {
        gameName = info.name
        specs = info.parameters
        values = [:]
        for spec in specs { values[spec.name] = spec.defaultValue }
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            try set(name, to: value)
        }
    }

    /// Sets one parameter, converting an integer to a number where a number is declared.
    ///
    /// - Throws: `GameError.badParameter` for an unknown name or a value of the wrong type.
    public mutating func set(_ name: String, to value: ParameterValue) throws(GameError) {
        guard let spec = specs.first(where: { $0.name == name }) else {
            let known = specs.map(\.name).joined(separator: ", ")
            throw .badParameter(
                game: gameName, parameter: name,
                reason: "is unknown; accepted: \(known.isEmpty ? "none" : known)")
        }
        switch (spec.defaultValue, value) {
        case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string):
            values[name] = value
        case (.double, .int(let whole)):
            values[name] = .double(Double(whole))
        case (.string, _):
            values[name] = .string(value.description)
        default:
            throw .badParameter(
                game: gameName, parameter: name,
                reason: "must be \(spec.defaultValue.typeName), got '\(value)'")
        }
    }

    /// The value of `name` (declared parameters always have one).
    public subscript(name: String) -> ParameterValue? { values[name] }

    /// The integer parameter `name`.
    public func int(_ name: String) -> Int {
        if case .int(let value)? = values[name] { return value }
        preconditionFailure("\(gameName) has no integer parameter '\(name)'")
    }

    /// The number parameter `name`.
    public func double(_ name: String) -> Double {
        if case .double(let value)? = values[name] { return value }
        preconditionFailure("\(gameName) has no number parameter '\(name)'")
    }

    /// The boolean parameter `name`.
    public func bool(_ name: String) -> Bool {
        if case .bool(let value)? = values[name] { return value }
        preconditionFailure("\(gameName) has no boolean parameter '\(name)'")
    }

    /// The string parameter `name`.
    public func string(_ name: String) -> String {
        if case .string(let value)? = values[name] { return value }
        preconditionFailure("\(gameName) has no string parameter '\(name)'")
    }

    /// The parameters that differ from their defaults, in declaration order.
    public var nonDefault: [(name: String, value: ParameterValue)] {
        specs.compactMap { spec in
            guard let value = values[spec.name], value != spec.defaultValue else { return nil }
            return (spec.name, value)
        }
    }

    /// The canonical game string: `name` alone, or `name(key=value,...)` listing the
    /// parameters that differ from their defaults. `GameCatalog.load` reads it back.
    public var gameString: String {
        let changed = nonDefault
        guard !changed.isEmpty else { return gameName }
        return gameName + "(" + changed.map { "\($0.name)=\($0.value)" }.joined(separator: ",") + ")"
    }
}
