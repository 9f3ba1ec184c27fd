extension TicTacToe {
    /// Expands 9-bit cell masks into one value per cell with a table lookup, for the
    /// observation planes and the legal mask: the bridge writes both for every game on every
    /// step, and a loop over cells cost about 5 instructions per cell (callgrind: 120 per
    /// observation) against about 10 per board this way.
    @usableFromInline
    enum CellPlanes {
        /// Row `b` holds the cells of byte `b` (cells 0...7 of a board) as 0 or 1 floats.
        /// Written once, at first use, and only read after (hence `nonisolated(unsafe)`).
        @usableFromInline nonisolated(unsafe) static let floatRows: UnsafeMutablePointer<SIMD8<Float>> = {
            let rows = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: 256)
            for byte in 0..<256 {
                var row = SIMD8<Float>()
                for cell in 0..<8 where byte & (1 << cell) != 0 { row[cell] = 1 }
                rows[byte] = row
            }
            return rows
        }()

        /// Row `b` holds the cells of byte `b` as 0 or 1 bytes, cell `c` in byte `c` of the
        /// little-endian word. Written once, at first use, and only read after.
        @usableFromInline nonisolated(unsafe) static let byteRows: UnsafeMutablePointer<UInt64> = {
            let rows = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
            for byte in 0..<256 {
                var row: UInt64 = 0
                for cell in 0..<8 where byte & (1 << cell) != 0 { row |= 1 << (8 * UInt64(cell)) }
                rows[byte] = row
            }
            return rows
        }()

        /// Writes cells 0...8 of `board` to `target[0..<9]` as 0 or 1.
        @inlinable @inline(__always)
        static func writeFloats(_ board: UInt16, to target: UnsafeMutablePointer<Float>) {
            UnsafeMutableRawPointer(target).storeBytes(of: floatRows[Int(board & 0xFF)], as: SIMD8<Float>.self)
            target[8] = Float((board &>> 8) & 1)
        }

        /// Writes cells 0...8 of `board` to `target[0..<9]` as 0 or 1.
        @inlinable @inline(__always)
        static func writeBytes(_ board: UInt16, to target: UnsafeMutablePointer<UInt8>) {
            UnsafeMutableRawPointer(target).storeBytes(of: byteRows[Int(board & 0xFF)].littleEndian, as: UInt64.self)
            target[8] = UInt8(truncatingIfNeeded: (board &>> 8) & 1)
        }
    }
}
