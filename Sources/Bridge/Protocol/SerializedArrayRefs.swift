import SwiftProtobuf

/// A header's array refs serialised once (as a `Header` with only `arrays` set), with where
/// each array goes, so a later message of the same layout is checked as it is built.
///
/// A vector's RESET and STEP replies always carry the same arrays in the same frames; only
/// their contents change. Sending the refs as these bytes, after the header's other fields,
/// spares building and serialising them per reply: protobuf reads concatenated messages as
/// one message with the repeated fields of both.
struct SerializedArrayRefs {
    /// The serialised refs: protobuf field 5 entries, ready to follow a header's other fields.
    let bytes: [UInt8]
    /// Per ref, in the order the arrays were added: name, frame, offset and byte length.
    private let names: [String]
    private let frames: [Int]
    private let offsets: [Int]
    private let byteCounts: [Int]

    /// Serialises `refs`.
    ///
    /// - Throws: `BridgeError` (`internal`) for a ref of an unknown dtype or one that cannot
    ///   be serialised (neither happens with refs the server built).
    init(_ refs: [WireArrayRef]) throws(BridgeError) {
        var header = WireHeader()
        header.arrays = refs
        do {
            bytes = try header.serializedBytes()
        } catch {
            throw BridgeError(.internal, "cannot serialise array refs: \(error)")
        }
        names = refs.map(\.name)
        frames = refs.map { Int($0.frame) }
        offsets = refs.map { Int($0.offset) }
        var counts: [Int] = []
        for ref in refs {
            guard let itemSize = ref.dtype.itemSize else {
                throw BridgeError(.internal, "array ref '\(ref.name)' has no known dtype")
            }
            counts.append(ref.shape.reduce(itemSize) { $0 * Int($1) })
        }
        byteCounts = counts
    }

    /// The number of arrays the refs name.
    var count: Int { names.count }

    /// Checks that the `position`th array added to a message is the one the refs name there.
    ///
    /// - Throws: `BridgeError` (`internal`): a bug, the message would contradict its header.
    func check(position: Int, name: String, frame: Int, offset: Int, byteCount: Int) throws(BridgeError) {
        guard position < names.count, names[position] == name, frames[position] == frame, offsets[position] == offset,
            byteCounts[position] == byteCount
        else {
            throw BridgeError(.internal, "array '\(name)' (frame \(frame), offset \(offset), \(byteCount) bytes) does not match the preset refs")
        }
    }
}
