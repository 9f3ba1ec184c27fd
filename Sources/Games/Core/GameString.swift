/// Reads OpenSpiel-style game strings: `tic_tac_toe`, `kuhn_poker(players=3)`,
/// `negotiation(resources=Wood;Gold,turns=10)`.
///
/// Values are typed by their form: `true`/`false`, integers, numbers with a `.` or exponent,
/// and anything else (or a double-quoted text) as a string.
public struct GameString: Hashable, Sendable {
    /// The catalog name.
    public var name: String
    /// The parameters named in the string, in the order written.
    public var parameters: [(String, ParameterValue)]

    public static func == (lhs: GameString, rhs: GameString) -> Bool {
        lhs.name == rhs.name && lhs.parameters.elementsEqual(rhs.parameters, by: { $0 == $1 })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        for (key, value) in parameters {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    /// Parses a game string.
    ///
    /// - Throws: `GameError.malformedGameString` saying what is wrong.
    public init(parsing text: String) throws(GameError) {
        let trimmed = text.trimmingWhitespace()
        guard let open = trimmed.firstIndex(of: "(") else {
            guard Self.isName(trimmed) else {
                throw .malformedGameString(text, reason: Self.nameProblem(trimmed))
            }
            name = trimmed
            parameters = []
            return
        }
        let head = String(trimmed[..<open]).trimmingWhitespace()
        guard Self.isName(head) else { throw .malformedGameString(text, reason: Self.nameProblem(head)) }
        guard trimmed.hasSuffix(")") else {
            throw .malformedGameString(text, reason: "missing ')' at the end")
        }
        name = head
        let body = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        parameters = []
        guard !body.trimmingWhitespace().isEmpty else { return }
        for item in Self.splitTopLevel(body) {
            guard let equals = item.firstIndex(of: "=") else {
                throw .malformedGameString(text, reason: "'\(item)' is not of the form key=value")
            }
            let key = String(item[..<equals]).trimmingWhitespace()
            let raw = String(item[item.index(after: equals)...]).trimmingWhitespace()
            guard Self.isName(key) else {
                throw .malformedGameString(text, reason: "'\(key)' is not a parameter name")
            }
            guard !raw.isEmpty else { throw .malformedGameString(text, reason: "'\(key)' has no value") }
            if parameters.contains(where: { $0.0 == key }) {
                throw .malformedGameString(text, reason: "parameter '\(key)' is given twice")
            }
            parameters.append((key, Self.value(of: raw)))
        }
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }
    }

    private static func nameProblem(_ text: String) -> String {
        text.isEmpty ? "the game name is empty" : "'\(text)' is not a name (letters, digits and _)"
    }

    /// Splits on commas that are not inside double quotes.
    private static func splitTopLevel(_ body: Substring) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        for character in body {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items
    }

    private static func value(of raw: String) -> ParameterValue {
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
            return .string(String(raw.dropFirst().dropLast()))
        }
        switch raw {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        default: break
        }
        if let whole = Int(raw) { return .int(whole) }
        if raw.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let number = Double(raw) {
            return .double(number)
        }
        return .string(raw)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let text = String(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
