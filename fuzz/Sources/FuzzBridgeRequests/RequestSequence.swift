import FuzzSupport

/// How a fuzz input spells a short session of requests, and how seeds are written in it.
///
/// Input: messages one after another, each `[frame count - 1][frames]`, each frame
/// `[length: 2 bytes, little-endian][bytes]`. At most `maxMessages` are read.
enum RequestSequence {
    static let maxMessages = 8
    static let maxFrames = 8

    /// The messages of an input, as frames of bytes.
    static func messages(_ input: inout FuzzBytes) -> [[[UInt8]]] {
        var messages: [[[UInt8]]] = []
        while !input.isAtEnd && messages.count < maxMessages {
            let frameCount = 1 + Int(input.byte()) % maxFrames
            messages.append((0..<frameCount).map { _ in input.take(input.uint16()) })
        }
        return messages
    }

    /// The input that spells `messages`.
    static func encode(_ messages: [[[UInt8]]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for frames in messages.prefix(maxMessages) {
            precondition((1...maxFrames).contains(frames.count), "a seed message has 1 to \(maxFrames) frames")
            bytes.append(UInt8(frames.count - 1))
            for frame in frames {
                precondition(frame.count <= 0xFFFF, "a seed frame has at most 65535 bytes")
                bytes += [UInt8(frame.count & 0xFF), UInt8(frame.count >> 8)] + frame
            }
        }
        return bytes
    }
}
