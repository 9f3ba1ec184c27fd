/// SPIRAL's reading of a model's reply, step by step as its trainer does it (spiral-rl/spiral,
/// `train_spiral.py`: `extract_action` with the `qwen3` template; `spiral/utils.py`:
/// `extract_boxed_answer`), so that a penalty for an unreadable reply lands on the same turns.
extension TextCommands {
    /// The action text SPIRAL's trainer makes of `reply`, before its check against the legal
    /// actions:
    /// 1. an empty reply stays empty;
    /// 2. the answer is the last `\boxed` (else the last `\fbox`) up to its balancing `}`, if
    ///    that reads `\boxed{x}`: `x`, with a whole `\text{...}` around it removed; otherwise
    ///    the reply with surrounding whitespace removed;
    /// 3. every `\boxed{...}` left in the answer (up to its first `}`) becomes `[...]`;
    /// 4. an answer without `[` or `]` of at most five words is bracketed;
    /// 5. runs of whitespace become one space, and the ends are trimmed.
    ///
    /// Case, inner spaces and wording are kept: `\boxed{Bet}` reads `[Bet]`, `\boxed{ bet }`
    /// reads `[ bet ]`, neither of them a Kuhn Poker action.
    public static func spiralAction(_ reply: String) -> String {
        if reply.isEmpty { return "" }
        let answer = spiralBoxedAnswer(reply) ?? reply.trimmingWhitespace()
        var formatted = boxedCommandsAsBrackets(answer)
        if !formatted.contains("[") && !formatted.contains("]") && words(in: formatted) <= 5 {
            formatted = "[\(formatted)]"
        }
        return collapsingWhitespace(formatted)
    }

    /// `extract_boxed_answer`: the last `\boxed` (or, with none, `\fbox`) through the `}` that
    /// balances the braces opened after it; its contents when it reads `\boxed{...}`, less a
    /// whole `\text{...}`; nil otherwise.
    static func spiralBoxedAnswer(_ text: String) -> String? {
        let characters = Array(text)
        guard let start = lastIndex(of: Array("\\boxed"), in: characters) ?? lastIndex(of: Array("\\fbox"), in: characters)
        else { return nil }
        var open = 0
        var close: Int?
        for index in start..<characters.count {
            if characters[index] == "{" { open += 1 }
            if characters[index] == "}" {
                open -= 1
                if open == 0 {
                    close = index
                    break
                }
            }
        }
        guard let close else { return nil }
        let whole = characters[start...close]
        let prefix = Array("\\boxed{")
        guard whole.count > prefix.count, whole.starts(with: prefix) else { return nil }
        let inner = Array(whole.dropFirst(prefix.count).dropLast())
        let text = Array("\\text{")
        if inner.count > text.count, inner.starts(with: text), inner.last == "}" {
            return String(inner.dropFirst(text.count).dropLast())
        }
        return String(inner)
    }

    /// `re.sub(r"\\boxed\{([^}]*)\}", r"[\1]", text)`: each `\boxed{` with a `}` after it,
    /// left to right, becomes `[` + what lies between + `]`.
    static func boxedCommandsAsBrackets(_ text: String) -> String {
        let characters = Array(text)
        let marker = Array("\\boxed{")
        var result = ""
        var index = 0
        while index < characters.count {
            if characters[index...].starts(with: marker),
                let close = characters[(index + marker.count)...].firstIndex(of: "}")
            {
                result += "[" + String(characters[(index + marker.count)..<close]) + "]"
                index = close + 1
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }

    private static func lastIndex(of marker: [Character], in characters: [Character]) -> Int? {
        guard characters.count >= marker.count else { return nil }
        return stride(from: characters.count - marker.count, through: 0, by: -1).first {
            characters[$0..<($0 + marker.count)].elementsEqual(marker)
        }
    }

    /// The number of whitespace-separated words (Python's `str.split()`).
    private static func words(in text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    /// `re.sub(r"\s+", " ", text).strip()`.
    private static func collapsingWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
