import SwiftProtobuf

/// A message being built: a header and the raw frames its `ArrayRef`s and `TextRef`s name.
///
/// Arrays are written straight into ZeroMQ message buffers (`addArray(_:shape:fill:)`), so a
/// step reply's observations are written by the game once and never copied again. After
/// `beginPackedArrays(byteCount:)` every array goes into one shared frame instead of a frame
/// of its own (docs/protocol.md, packed arrays).
struct OutgoingMessage {
    var header: WireHeader
    private(set) var frames: [ZMQMessage] = []
    /// Array refs serialised by an earlier message of the same layout (`usePresetArrayRefs`).
    private var presetArrayRefs: SerializedArrayRefs?
    /// Arrays added so far while `presetArrayRefs` is in use.
    private var presetArraysAdded = 0
    /// The packed frame being filled: its frame index (from 1, the header being 0) and the
    /// first byte not yet used.
    private var packing: (frame: Int, cursor: Int)?

    init(kind: WireKind, requestID: UInt64, isReply: Bool) {
        header = WireHeader()
        header.protocolVersion = bridgeProtocolVersion
        header.kind = kind
        header.requestID = requestID
        header.isReply = isReply
    }

    /// Bytes in the raw frames so far.
    var frameBytes: Int { frames.reduce(0) { $0 + $1.count } }

    // MARK: Arrays

    /// Adds an array whose elements `fill` writes (every element, row-major over `shape`).
    mutating func addArray<T: WireScalar>(
        _ name: String, of type: T.Type = T.self, shape: [Int], fill: (UnsafeMutableBufferPointer<T>) throws -> Void
    ) throws {
        let count = shape.reduce(1, *)
        let raw = try reserve(name, dtype: T.dtype, shape: shape, byteCount: count * MemoryLayout<T>.stride)
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
    }

    /// Adds an array holding a copy of `values`.
    mutating func addArray<T: WireScalar>(_ name: String, _ values: [T], shape: [Int]? = nil) throws {
        try values.withUnsafeBufferPointer { try addArray(name, $0, shape: shape ?? [values.count]) }
    }

    /// Adds an array holding a copy of `values`.
    mutating func addArray<T: WireScalar>(_ name: String, _ values: UnsafeBufferPointer<T>, shape: [Int]) throws {
        let source = UnsafeRawBufferPointer(values)
        let target = try reserve(name, dtype: T.dtype, shape: shape, byteCount: source.count)
        if let from = source.baseAddress, source.count > 0 { target.baseAddress?.copyMemory(from: from, byteCount: source.count) }
    }

    /// Puts the arrays added from now on into one new frame of `byteCount` bytes, each at the
    /// next multiple of 8 (`packedByteCount` says how large the frame must be).
    ///
    /// - Throws: `ZMQError` when the frame cannot be allocated; `BridgeError` (`internal`)
    ///   when the message already packs its arrays.
    mutating func beginPackedArrays(byteCount: Int) throws {
        guard packing == nil else { throw BridgeError(.internal, "a message packs its arrays into one frame only") }
        frames.append(try ZMQMessage(size: byteCount))
        packing = (frames.count, 0)
    }

    /// The size of a packed frame holding arrays of these byte lengths, in this order.
    static func packedByteCount(_ arrayByteCounts: [Int]) -> Int {
        arrayByteCounts.reduce(0) { end, length in packedOffset(after: end) + length }
    }

    /// Where the next array of a packed frame starts: arrays start at multiples of 8, so any
    /// dtype is aligned when the frame is.
    private static func packedOffset(after end: Int) -> Int { (end + 7) & ~7 }

    /// Makes room for an array and names it in the header; returns its bytes, to be written.
    private mutating func reserve(_ name: String, dtype: WireDType, shape: [Int], byteCount: Int) throws -> UnsafeMutableRawBufferPointer {
        let frameIndex: Int
        let offset: Int
        if let packing {
            frameIndex = packing.frame
            offset = Self.packedOffset(after: packing.cursor)
            let frameBytes = frames[frameIndex - 1].count
            guard offset + byteCount <= frameBytes else {
                throw BridgeError(.internal, "array '\(name)' (\(byteCount) bytes at \(offset)) does not fit the \(frameBytes)-byte packed frame")
            }
            self.packing = (frameIndex, offset + byteCount)
        } else {
            frames.append(try ZMQMessage(size: byteCount))
            frameIndex = frames.count
            offset = 0
        }
        try appendRef(name, dtype: dtype, shape: shape, frame: frameIndex, offset: offset, byteCount: byteCount)
        let bytes = frames[frameIndex - 1].mutableBytes
        return UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + byteCount)])
    }

    private mutating func appendRef(_ name: String, dtype: WireDType, shape: [Int], frame: Int, offset: Int, byteCount: Int) throws(BridgeError) {
        if let preset = presetArrayRefs {
            try preset.check(position: presetArraysAdded, name: name, frame: frame, offset: offset, byteCount: byteCount)
            presetArraysAdded += 1
            return
        }
        var ref = WireArrayRef()
        ref.name = name
        ref.dtype = dtype
        ref.shape = shape.map(Int64.init)
        ref.frame = UInt32(frame)
        ref.offset = UInt64(offset)
        header.arrays.append(ref)
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

    /// Serialises the refs of the arrays added so far and sends them as preset refs from now
    /// on (so this message's header ends with them, as later messages' headers will).
    ///
    /// - Returns: the refs, for `usePresetArrayRefs` in later messages of the same layout.
    /// - Throws: `BridgeError` (`internal`) when the refs cannot be serialised.
    mutating func presetCurrentArrayRefs() throws(BridgeError) -> SerializedArrayRefs {
        if let presetArrayRefs { return presetArrayRefs }
        let refs = try SerializedArrayRefs(header.arrays)
        presetArraysAdded = header.arrays.count
        header.arrays = []
        presetArrayRefs = refs
        return refs
    }

    // MARK: Texts

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

    // MARK: Sending

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
