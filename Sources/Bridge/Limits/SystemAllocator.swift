#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The C allocator, for what Swift does not expose.
enum SystemAllocator {
    private typealias TrimFunction = @convention(c) (Int) -> Int32

    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not declare
    /// it, and other C libraries do not have it.
    private static let trim: TrimFunction? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: TrimFunction.self)
    }()

    /// Hands free pages back to the system. glibc keeps memory freed by a closed vector for
    /// later allocations, so without this the process stays as large as its largest moment.
    static func returnFreeMemory() {
        _ = trim?(0)
    }
}
