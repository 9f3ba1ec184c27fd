import Foundation

/// Writes one NumPy `.npy` file (format 1.0) as rows arrive, so trajectories of any length
/// stream to disk; `numpy.load` reads the result with no other package.
///
/// The header is written with room for the final shape and rewritten by `finish()`.
final class NpyWriter {
    static let headerLength = 128
    let url: URL
    let descriptor: String
    let rowShape: [Int]
    let handle: FileHandle
    private(set) var rows = 0
    private let elementsPerRow: Int

    /// Creates the file.
    ///
    /// - Parameters:
    ///   - descriptor: NumPy's dtype string, e.g. `<f4`, `<i4`, `|u1`.
    ///   - rowShape: the shape of one row (empty for a vector of scalars).
    init(url: URL, descriptor: String, rowShape: [Int]) throws {
        self.url = url
        self.descriptor = descriptor
        self.rowShape = rowShape
        elementsPerRow = rowShape.reduce(1, *)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Self.header(descriptor: descriptor, shape: [0] + rowShape))
    }

    /// Appends whole rows as they lie in memory, in the host's byte order. The descriptors
    /// callers pass declare multi-byte types little-endian (`<f4`, `<i4`, `<i8`), which is
    /// right on little-endian hosts (x86-64, arm64); nothing here checks the byte order, so
    /// on a big-endian host the data would not match its header.
    func append(_ bytes: UnsafeRawBufferPointer, elementBytes: Int) throws {
        let rowBytes = Swift.max(elementsPerRow, 1) * elementBytes
        precondition(bytes.count % rowBytes == 0, "\(url.lastPathComponent): a partial row")
        try handle.write(contentsOf: Data(bytes))
        rows += bytes.count / rowBytes
    }

    /// Writes the final shape into the header and closes the file.
    func finish() throws {
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: Self.header(descriptor: descriptor, shape: [rows] + rowShape))
        try handle.close()
    }

    /// A version 1.0 header padded with spaces to `headerLength` bytes, ending in a newline.
    static func header(descriptor: String, shape: [Int]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dictionary = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        let prefixLength = 10  // magic (6), version (2), header length (2)
        let padding = headerLength - prefixLength - dictionary.utf8.count - 1
        precondition(padding >= 0, "npy header too long for shape \(shape)")
        dictionary += String(repeating: " ", count: padding) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(headerLength - prefixLength)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dictionary.utf8))
        return data
    }
}
