/// A received message: its decoded header and the raw frames (header included, at index 0).
struct IncomingMessage {
    let header: WireHeader
    let frames: [ZMQMessage]

    /// Decodes the header of `frames[0]`.
    ///
    /// - Throws: `BridgeError` (`malformedMessage`) for no frames or an unreadable header.
    init(frames: [ZMQMessage]) throws(BridgeError) {
        guard let first = frames.first else { throw .malformed("the message has no frames; expected a Header frame first") }
        do {
            header = try WireHeader(serializedBytes: first.array)
        } catch {
            throw .malformed("frame 0 is not a selfplay.v1.Header (\(first.count) bytes): \(error)")
        }
        self.frames = frames
    }

    /// Total bytes of every frame.
    var byteCount: Int { frames.reduce(0) { $0 + $1.count } }

    /// A copy of the array `name` with its shape, or nil when the message has none.
    ///
    /// - Throws: `BridgeError` when the array is not of type `T`, names a missing frame, or
    ///   does not fit its frame: a frame of one array at offset 0 holds exactly the array; in
    ///   a packed frame the array lies inside the frame.
    func array<T: WireScalar>(_ name: String, as type: T.Type = T.self) throws(BridgeError) -> (values: [T], shape: [Int])? {
        guard let ref = header.arrays.first(where: { $0.name == name }) else { return nil }
        guard ref.dtype == T.dtype else {
            throw .malformed("array '\(name)' has dtype \(ref.dtype.name); expected \(T.dtype.name)")
        }
        guard ref.shape.allSatisfy({ $0 >= 0 }) else { throw .malformed("array '\(name)' has a negative dimension in shape \(ref.shape)") }
        let frame = try frameBytes(Int(ref.frame), of: "array '\(name)'")
        let (count, overflow) = ref.shape.reduce((Int(1), false)) { partial, dimension in
            let (product, overflowed) = partial.0.multipliedReportingOverflow(by: Int(dimension))
            return (product, partial.1 || overflowed)
        }
        let (byteCount, byteOverflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        let shared = header.arrays.contains { $0.frame == ref.frame && $0.name != ref.name }
        let fits: Bool
        if overflow || byteOverflow || ref.offset > UInt64(frame.count) {
            fits = false
        } else if ref.offset == 0 && !shared {
            fits = byteCount == frame.count
        } else {
            fits = byteCount <= frame.count - Int(ref.offset)
        }
        guard fits else {
            throw .malformed(
                "array '\(name)' of shape \(ref.shape) and dtype \(T.dtype.name) needs \(count) elements at offset \(ref.offset), but frame \(ref.frame) has \(frame.count) bytes"
            )
        }
        let start = Int(ref.offset)
        // Received frames may sit at any alignment inside libzmq's buffers: copy bytewise.
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            if count > 0, let source = frame.baseAddress {
                UnsafeMutableRawBufferPointer(buffer).baseAddress?.copyMemory(from: source + start, byteCount: byteCount)
            }
            initialised = count
        }
        return (values, ref.shape.map { Int($0) })
    }

    /// The strings of text list `name`, or nil when the message has none.
    ///
    /// - Throws: `BridgeError` for missing frames, bad offsets or invalid UTF-8.
    func texts(_ name: String) throws(BridgeError) -> [String]? {
        guard let ref = header.texts.first(where: { $0.name == name }) else { return nil }
        let data = try frameBytes(Int(ref.dataFrame), of: "texts '\(name)'")
        let offsetBytes = try frameBytes(Int(ref.offsetsFrame), of: "texts '\(name)' offsets")
        let count = Int(ref.count)
        guard offsetBytes.count == (count + 1) * 4 else {
            throw .malformed("texts '\(name)' has \(count) strings, so its offsets frame needs \((count + 1) * 4) bytes, not \(offsetBytes.count)")
        }
        var texts: [String] = []
        texts.reserveCapacity(count)
        var previous = offsetBytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
        guard previous == 0 else { throw .malformed("texts '\(name)': the first offset must be 0, got \(previous)") }
        for index in 0..<count {
            let next = offsetBytes.loadUnaligned(fromByteOffset: (index + 1) * 4, as: UInt32.self)
            guard next >= previous, Int(next) <= data.count else {
                throw .malformed("texts '\(name)': offset \(index + 1) (\(next)) is out of order or past the \(data.count) data bytes")
            }
            let bytes = UnsafeRawBufferPointer(rebasing: data[Int(previous)..<Int(next)]).assumingMemoryBound(to: UInt8.self)
            guard let text = Self.utf8String(bytes) else {
                throw .malformed("texts '\(name)': string \(index) is not valid UTF-8")
            }
            texts.append(text)
            previous = next
        }
        guard Int(previous) == data.count else {
            throw .malformed("texts '\(name)': the last offset (\(previous)) must equal the data frame's length (\(data.count))")
        }
        return texts
    }

    /// The string of valid UTF-8 `bytes`, or nil. ASCII (most replies) takes a plain copy:
    /// the generic `String(validating:as:)` cost about 1000 instructions per short string.
    private static func utf8String(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private func frameBytes(_ index: Int, of what: String) throws(BridgeError) -> UnsafeRawBufferPointer {
        guard index >= 1, index < frames.count else {
            throw .malformed("\(what) names frame \(index), but the message has frames 1..<\(frames.count) after the header")
        }
        return frames[index].bytes
    }
}
