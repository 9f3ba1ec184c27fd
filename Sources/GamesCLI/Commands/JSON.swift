import Foundation
import Games

/// Serialises plain dictionaries, arrays, strings and numbers with sorted keys, so output is stable.
func jsonString(_ value: Any) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
}

/// Writes a JSON value to standard output with sorted keys.
func printJSON(_ value: Any) throws {
    print(try jsonString(value))
}

extension ParameterValue {
    /// The value as a JSON value.
    var jsonValue: Any {
        switch self {
        case .int(let number): return number
        case .double(let number): return number
        case .bool(let flag): return flag
        case .string(let text): return text
        }
    }
}
