/// A reply as UTF-8 bytes, with the few ASCII-level operations the Negotiation parser needs.
///
/// Everything a command is made of (brackets, `->`, digits, resource names, separators) is
/// ASCII, so the parser reads bytes rather than `Character`s. The loops are plain index loops
/// on purpose: the conformance checker parses the text of every legal action at every state
/// (hundreds per state here), and in debug builds generic collection algorithms, slices and
/// tuples cost metadata lookups per call (measured: ~150 µs per reply with them).
/// Non-ASCII bytes are never separators; they only ever count as talk or as unknown words.
struct ReplyBytes {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// A bracketed part of the reply: the whole `[...]` and what is inside.
    struct Bracket {
        var whole: Range<Int>
        var content: Range<Int>
    }

    /// The text of `range`, for messages.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// `range` without leading and trailing ASCII whitespace.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, Self.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, Self.isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// `range` without trailing whitespace and trailing bytes of `set` (ASCII punctuation).
    func droppingTrailing(_ set: [UInt8], from range: Range<Int>) -> Range<Int> {
        var upper = range.upperBound
        while upper > range.lowerBound {
            let byte = bytes[upper - 1]
            var drop = Self.isSpace(byte)
            var index = 0
            while !drop, index < set.count {
                drop = set[index] == byte
                index += 1
            }
            guard drop else { break }
            upper -= 1
        }
        return range.lowerBound..<upper
    }

    /// Whether the bytes of `range` spell `word` (lowercase ASCII) in any letter case.
    func equals(_ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && hasPrefix(range, word)
    }

    /// Whether the bytes of `range` start with `word` (lowercase ASCII) in any letter case.
    func hasPrefix(_ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard range.count >= word.count else { return false }
        var offset = 0
        while offset < word.count {
            if Self.lowered(bytes[range.lowerBound + offset]) != word[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The first index of `byte` in `from..<upper`, or nil.
    func index(of byte: UInt8, from: Int, upTo upper: Int) -> Int? {
        var index = from
        while index < upper {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// Whether `range` holds a byte that is not ASCII whitespace.
    func hasNonSpace(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            if !Self.isSpace(bytes[index]) { return true }
            index += 1
        }
        return false
    }

    /// The brackets of the reply in order; like `TextCommands.bracketed`, each `[` pairs with
    /// the first `]` after it.
    func brackets() -> [Bracket] {
        var found: [Bracket] = []
        var index = 0
        while let open = self.index(of: UInt8(ascii: "["), from: index, upTo: bytes.count) {
            guard let close = self.index(of: UInt8(ascii: "]"), from: open + 1, upTo: bytes.count) else { break }
            found.append(Bracket(whole: open..<(close + 1), content: (open + 1)..<close))
            index = close + 1
        }
        return found
    }

    /// The whole number a word spells (an optional sign, then 1 to 9 digits), or nil.
    func integer(_ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        var sign = 1
        if index < range.upperBound, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            if bytes[index] == UInt8(ascii: "-") { sign = -1 }
            index += 1
        }
        guard range.upperBound - index >= 1, range.upperBound - index <= 9 else { return nil }
        var value = 0
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        return sign * value
    }
}
