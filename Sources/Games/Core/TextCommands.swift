/// Helpers the text faces share for reading LLM replies.
public enum TextCommands {
    /// The contents of every `[...]` in `text`, in order (without the brackets).
    public static func bracketed(_ text: String) -> [Substring] {
        var results: [Substring] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            guard let close = text[open...].firstIndex(of: "]") else { break }
            results.append(text[text.index(after: open)..<close])
            index = text.index(after: close)
        }
        return results
    }

    /// SPIRAL's answer extraction: the contents of the last `\boxed{...}` (braces balanced),
    /// or nil when the text has none.
    public static func lastBoxed(_ text: String) -> String? {
        let marker = "\\boxed{"
        var searchEnd = text.endIndex
        while let range = text[..<searchEnd].lastRange(of: marker) {
            var depth = 1
            var index = range.upperBound
            while index < text.endIndex {
                let character = text[index]
                if character == "{" { depth += 1 }
                if character == "}" {
                    depth -= 1
                    if depth == 0 { return String(text[range.upperBound..<index]) }
                }
                index = text.index(after: index)
            }
            // Unclosed: look for an earlier, closed one.
            searchEnd = range.lowerBound
        }
        return nil
    }

    /// SPIRAL's rule for turning a boxed answer into an action string: `\boxed{x}` becomes
    /// `[x]` unless `x` is already bracketed. Nil when there is no `\boxed{}`.
    public static func boxedAnswerAsAction(_ text: String) -> String? {
        guard let answer = lastBoxed(text)?.trimmingWhitespace() else { return nil }
        return answer.hasPrefix("[") ? answer : "[\(answer)]"
    }
}

extension StringProtocol {
    /// Case-folded and trimmed: the form parsers compare action words in.
    func normalisedWord() -> String {
        trimmingWhitespace().lowercased()
    }
}

extension Substring {
    fileprivate func lastRange(of marker: String) -> Range<Index>? {
        var found: Range<Index>?
        var index = startIndex
        while let range = self[index...].firstRange(of: marker) {
            found = range
            index = self.index(after: range.lowerBound)
        }
        return found
    }
}
