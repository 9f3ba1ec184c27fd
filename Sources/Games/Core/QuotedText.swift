/// Double-quoted text, written and read one way wherever SelfPlay quotes free text: the
/// messages in Negotiation's and Werewolf's state strings and observation texts, playthrough
/// transcripts and JSON policy files.
///
/// The escapes are JSON's: `\"`, `\\`, `\n`, `\r`, `\t`, and `\u00XX` for any other control
/// character, so a quoted text stays on one line, cannot end early, and is a JSON string.
public enum QuotedText {
    /// Why quoted text could not be read.
    public enum ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The text ended before its closing quote.
        case noClosingQuote
        /// A backslash followed by a character that is not one of the escapes above.
        case unknownEscape(String)

        public var description: String {
            switch self {
            case .noClosingQuote: return "the quoted text has no closing quote"
            case .unknownEscape(let escape):
                return "unknown escape '\\\(escape)' in quoted text (accepted: \\\" \\\\ \\n \\r \\t \\u00XX)"
            }
        }
    }

    /// `text` between double quotes, escaped.
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    /// `text` escaped, without the quotes around it.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Reads quoted text whose opening quote has been read: consumes `characters` up to and
    /// including the closing quote and returns the text between, unescaped.
    public static func readRest(of characters: inout ArraySlice<Character>) throws(ReadError) -> String {
        var text = ""
        while let next = characters.popFirst() {
            switch next {
            case "\"": return text
            case "\\":
                guard let escape = characters.popFirst() else { throw .noClosingQuote }
                switch escape {
                case "\"", "\\": text.append(escape)
                case "n": text.append("\n")
                case "r": text.append("\r")
                case "t": text.append("\t")
                case "u":
                    let digits = String(characters.prefix(4))
                    guard digits.count == 4, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw .unknownEscape("u" + digits)
                    }
                    characters.removeFirst(4)
                    text.unicodeScalars.append(scalar)
                default: throw .unknownEscape(String(escape))
                }
            default: text.append(next)
            }
        }
        throw .noClosingQuote
    }
}
