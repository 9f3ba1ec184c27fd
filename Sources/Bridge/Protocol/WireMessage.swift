import SwiftProtobuf

/// A message being built: a header and the raw frames its `ArrayRef`s and `TextRef`s name.
///
/// Arrays are written straight into ZeroMQ message buffers (`addArray(_:shape:fill:)`), so a
/// step reply's observations are written by the game once and never copied again.
struct OutgoingMessage {
    var header: WireHeader
    private(set) var frames: [ZMQMessage] = []

    init(kind: WireKind, requestID: UInt64, isReply: Bool) {
        header = WireHeader()
        header.protocolVersion = bridgeProtocolVersion
        header.kind = kind
        header.requestID = requestID
        header.isReply = isReply
    }

    /// Bytes in the raw frames so far.
    var frameBytes: Int { frames.reduce(0) { $0 + $1.count } }

    /// Adds an array whose elements `fill` writes (every element, row-major over `shape`).
    mutating func addArray<T: WireScalar>(
        _ name: String, of type: T.Type = T.self, shape: [Int], fill: (UnsafeMutableBufferPointer<T>) throws -> Void
    ) throws {
        let count = shape.reduce(1, *)
        let frame = try ZMQMessage(size: count * MemoryLayout<T>.stride)
        let raw = frame.mutableBytes
        // libzmq allocates message bodies with malloc, but small messages live inside the
        // zmq_msg_t at an offset of no particular alignment: fill a temporary then.
        if let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<T>.alignment == 0 {
            try fill(UnsafeMutableBufferPointer(start: base.bindMemory(to: T.self, capacity: count), count: count))
        } else {
            var scratch = [T](unsafeUninitializedCapacity: count) { _, initialised in initialised = count }
            try scratch.withUnsafeMutableBufferPointer { try fill($0) }
            scratch.withUnsafeBytes { bytes in
                if let source = bytes.baseAddress, count > 0 { raw.baseAddress?.copyMemory(from: source, byteCount: bytes.count) }
            }
        }
        appendRef(name, dtype: T.dtype, shape: shape, frame: frame)
    }

    /// Adds an array holding a copy of `values`.
    mutating func addArray<T: WireScalar>(_ name: String, _ values: [T], shape: [Int]? = nil) throws {
        let frame = try values.withUnsafeBytes { try ZMQMessage(copying: $0) }
        appendRef(name, dtype: T.dtype, shape: shape ?? [values.count], frame: frame)
    }

    /// Adds an array holding a copy of `values`.
    mutating func addArray<T: WireScalar>(_ name: String, _ values: UnsafeBufferPointer<T>, shape: [Int]) throws {
        let frame = try ZMQMessage(copying: UnsafeRawBufferPointer(values))
        appendRef(name, dtype: T.dtype, shape: shape, frame: frame)
    }

    private mutating func appendRef(_ name: String, dtype: WireDType, shape: [Int], frame: ZMQMessage) {
        var ref = WireArrayRef()
        ref.name = name
        ref.dtype = dtype
        ref.shape = shape.map(Int64.init)
        ref.frame = UInt32(frames.count + 1)
        header.arrays.append(ref)
        frames.append(frame)
    }

    /// Adds a list of strings: one UTF-8 data frame and one frame of `count + 1` uint32 offsets.
    mutating func addTexts<S: Collection>(_ name: String, _ texts: S) throws where S.Element == String {
        var total = 0
        for text in texts { total += text.utf8.count }
        let data = try ZMQMessage(size: total)
        var offsets = [UInt32]()
        offsets.reserveCapacity(texts.count + 1)
        offsets.append(0)
        if let base = data.mutableBytes.baseAddress {
            var position = 0
            for var text in texts {
                text.withUTF8 { utf8 in
                    if let source = utf8.baseAddress, utf8.count > 0 {
                        (base + position).copyMemory(from: source, byteCount: utf8.count)
                    }
                    position += utf8.count
                }
                offsets.append(UInt32(truncatingIfNeeded: position))
            }
        } else {
            offsets += repeatElement(0, count: texts.count)
        }
        var ref = WireTextRef()
        ref.name = name
        ref.count = UInt32(texts.count)
        ref.dataFrame = UInt32(frames.count + 1)
        ref.offsetsFrame = UInt32(frames.count + 2)
        frames.append(data)
        frames.append(try offsets.withUnsafeBytes { try ZMQMessage(copying: $0) })
        header.texts.append(ref)
    }

    /// The message's parts: `envelope` (routing identity, delimiter), the header, the frames.
    ///
    /// - Throws: when the header cannot be serialised (it always can) or a message cannot be allocated.
    func parts(envelope: [ZMQMessage] = []) throws -> [ZMQMessage] {
        let headerBytes: [UInt8] = try header.serializedBytes()
        return envelope + [try ZMQMessage(copying: headerBytes)] + frames
    }
}

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
    /// - Throws: `BridgeError` when the array is not of type `T`, names a missing frame, or its
    ///   frame's length does not match its shape.
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
        guard !overflow, count.multipliedReportingOverflow(by: MemoryLayout<T>.stride) == (frame.count, false) else {
            throw .malformed("array '\(name)' of shape \(ref.shape) and dtype \(T.dtype.name) needs \(count) elements, but frame \(ref.frame) has \(frame.count) bytes")
        }
        // Received frames may sit at any alignment inside libzmq's buffers: copy bytewise.
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            if count > 0, let source = frame.baseAddress {
                UnsafeMutableRawBufferPointer(buffer).baseAddress?.copyMemory(from: source, byteCount: frame.count)
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
            let slice = UnsafeRawBufferPointer(rebasing: data[Int(previous)..<Int(next)])
            guard let text = String(validating: slice, as: UTF8.self) else {
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

    private func frameBytes(_ index: Int, of what: String) throws(BridgeError) -> UnsafeRawBufferPointer {
        guard index >= 1, index < frames.count else {
            throw .malformed("\(what) names frame \(index), but the message has frames 1..<\(frames.count) after the header")
        }
        return frames[index].bytes
    }
}
