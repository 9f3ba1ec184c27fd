/// A reader over one fuzz input: fixed-size fields from the front, the rest as text.
///
/// Reading past the end gives zeros and empty slices rather than failing, so every input,
/// however short, is a valid test case.
public struct FuzzBytes {
    private let bytes: [UInt8]
    private var position = 0

    /// A reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte was read.
    public var isAtEnd: Bool { position >= bytes.count }

    /// The next byte, or 0 past the end.
    public mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// The next two bytes as a little-endian number.
    public mutating func uint16() -> Int {
        let low = Int(byte())
        return low | Int(byte()) << 8
    }

    /// Up to `count` next bytes.
    public mutating func take(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, position + max(0, count))
        defer { position = end }
        return Array(bytes[position..<end])
    }

    /// Every byte left.
    public mutating func rest() -> [UInt8] { take(bytes.count - position) }

    /// Every byte left, read as UTF-8 with invalid sequences replaced (what a server makes
    /// of text it decodes leniently; the bridge itself refuses invalid UTF-8).
    public mutating func restAsText() -> String { String(decoding: rest(), as: UTF8.self) }
}
