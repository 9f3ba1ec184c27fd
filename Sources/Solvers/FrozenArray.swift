/// An array that never changes after it is built, kept in memory the object owns so hot
/// loops read it through an `UnsafeBufferPointer` without a closure or a bounds check in
/// release builds.
///
/// Sound to share across threads: nothing writes to the memory after `init`.
final class FrozenArray<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    /// The elements. Valid for as long as this object lives: keep it alive while reading.
    let buffer: UnsafeBufferPointer<Element>

    /// Copies `elements` into memory owned by the new object.
    init(_ elements: [Element]) {
        let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
        _ = memory.initialize(from: elements)
        buffer = UnsafeBufferPointer(memory)
    }

    deinit {
        buffer.deallocate()
    }

    var startIndex: Int { 0 }
    var endIndex: Int { buffer.count }

    subscript(index: Int) -> Element { buffer[index] }
}
