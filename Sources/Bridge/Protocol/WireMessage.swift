import SwiftProtobuf

/// A message being built: a header and the raw frames its `ArrayRef`s and `TextRef`s name.
///
/// Arrays are written straight into ZeroMQ message buffers (`addArray(_:shape:fill:)`), so a
/// step reply's observations are written by the game once and never copied again.
struct OutgoingMessage {
    var header: WireHeader
    private(set) var frames: [ZMQMessage] = []
    /// Array refs serialised by an earlier message of the same layout (`usePresetArrayRefs`).
    private var presetArrayRefs: SerializedArrayRefs?
    /// Arrays added so far while `presetArrayRefs` is in use.
    private var presetArraysAdded = 0

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
        try appendRef(name, dtype: T.dtype, shape: shape, frame: frame)
    }

    /// Adds an array holding a copy of `values`.
    mutating func addArray<T: WireScalar>(_ name: String, _ values: [T], shape: [Int]? = nil) throws {
        let frame = try values.withUnsafeBytes { try ZMQMessage(copying: $0) }
        try appendRef(name, dtype: T.dtype, shape: shape ?? [values.count], frame: frame)
    }

    /// Adds an array holding a copy of `values`.
    mutating func addArray<T: WireScalar>(_ name: String, _ values: UnsafeBufferPointer<T>, shape: [Int]) throws {
        let frame = try ZMQMessage(copying: UnsafeRawBufferPointer(values))
        try appendRef(name, dtype: T.dtype, shape: shape, frame: frame)
    }

    private mutating func appendRef(_ name: String, dtype: WireDType, shape: [Int], frame: ZMQMessage) throws(BridgeError) {
        if let preset = presetArrayRefs {
            try preset.check(position: presetArraysAdded, name: name, frame: frames.count + 1, byteCount: frame.count)
            presetArraysAdded += 1
            frames.append(frame)
            return
        }
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

    /// Adds the arrays that follow without building their refs: `refs` (serialised from an
    /// earlier message that added the same arrays in the same order) goes into the header.
    ///
    /// Building and serialising a tensor vector's nine refs cost more per reply than stepping
    /// its games; its replies always carry the same refs, so the vector serialises them once.
    ///
    /// - Throws: `BridgeError` (`internal`) when the message already has arrays.
    mutating func usePresetArrayRefs(_ refs: SerializedArrayRefs) throws(BridgeError) {
        guard header.arrays.isEmpty, presetArrayRefs == nil else {
            throw BridgeError(.internal, "preset array refs must be set before the first array")
        }
        presetArrayRefs = refs
        presetArraysAdded = 0
    }

    /// This message's array refs, serialised for later messages of the same layout.
    ///
    /// - Throws: `BridgeError` (`internal`) when the refs cannot be serialised.
    func serializeArrayRefs() throws(BridgeError) -> SerializedArrayRefs {
        if let presetArrayRefs { return presetArrayRefs }
        return try SerializedArrayRefs(header.arrays, frames: frames)
    }

    /// The message's parts: `envelope` (routing identity, delimiter), the header, the frames.
    ///
    /// With preset array refs, the header frame is the header's own fields followed by the
    /// preset refs: protobuf reads concatenated messages as one, merging repeated fields.
    ///
    /// - Throws: when the header cannot be serialised (it always can), a message cannot be
    ///   allocated, or fewer arrays were added than the preset refs name.
    func parts(envelope: [ZMQMessage] = []) throws -> [ZMQMessage] {
        let headerFrame: ZMQMessage
        if let preset = presetArrayRefs {
            guard presetArraysAdded == preset.count else {
                throw BridgeError(.internal, "the preset refs name \(preset.count) arrays, but \(presetArraysAdded) were added")
            }
            var bytes: [UInt8] = try header.serializedBytes()
            bytes += preset.bytes
            headerFrame = try ZMQMessage(copying: bytes)
        } else {
            headerFrame = try ZMQMessage(copying: try header.serializedBytes())
        }
        return envelope + [headerFrame] + frames
    }
}

/// A header's array refs serialised once (as a `Header` with only `arrays` set), with what
/// each names, so a later message of the same layout is checked as it is built.
struct SerializedArrayRefs {
    /// The serialised refs: protobuf field 5 entries, ready to follow a header's other fields.
    let bytes: [UInt8]
    /// Per ref, in the order they were added: name, frame index and frame length.
    private let names: [String]
    private let frameIndices: [Int]
    private let byteCounts: [Int]

    var count: Int { names.count }

    init(_ refs: [WireArrayRef], frames: [ZMQMessage]) throws(BridgeError) {
        var header = WireHeader()
        header.arrays = refs
        do {
            bytes = try header.serializedBytes()
        } catch {
            throw BridgeError(.internal, "cannot serialise array refs: \(error)")
        }
        names = refs.map(\.name)
        frameIndices = refs.map { Int($0.frame) }
        var counts: [Int] = []
        for index in frameIndices {
            guard index >= 1, index <= frames.count else {
                throw BridgeError(.internal, "an array ref names frame \(index) of a message with \(frames.count) frames")
            }
            counts.append(frames[index - 1].count)
        }
        byteCounts = counts
    }

    /// Checks that the `position`th array added to a message is the one the refs name there.
    ///
    /// - Throws: `BridgeError` (`internal`): a bug, the message would contradict its header.
    func check(position: Int, name: String, frame: Int, byteCount: Int) throws(BridgeError) {
        guard position < names.count, names[position] == name, frameIndices[position] == frame, byteCounts[position] == byteCount else {
            throw BridgeError(.internal, "array '\(name)' (frame \(frame), \(byteCount) bytes) does not match the preset refs")
        }
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
