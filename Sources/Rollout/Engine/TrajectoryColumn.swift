/// One column of `TrajectoryBuffer` as the buffer's operations and its files see it: the one
/// list (`TrajectoryBuffer.columns`) that sizing, clearing, reordering, byte counts and
/// trajectory files iterate, so a new column is added in one place.
public struct TrajectoryColumn: Sendable {
    /// Whether a column holds a row per decision or per episode.
    public enum Table: Sendable {
        case steps, episodes
    }

    /// The elements of one row.
    public enum Row: Sendable {
        /// One element.
        case scalar
        /// The game's observation tensor.
        case observation
        /// One byte per action index.
        case legalMask
        /// One element per seat.
        case seats
    }

    /// The column's name: its file `NAME.npy` in a trajectory folder (docs/trajectory-format.md).
    public let name: String
    /// Rows per decision or per episode.
    public let table: Table
    /// What one row holds.
    public let row: Row
    /// NumPy's descriptor of the element type, e.g. `<f4`.
    public let numpyDescriptor: String
    /// Bytes per element.
    public let elementBytes: Int
    /// The column's storage in a buffer.
    let storage: @Sendable (TrajectoryBuffer) -> any ColumnStorage

    init<Element: ColumnElement>(_ name: String, _ table: Table, _ row: Row, _ column: KeyPath<TrajectoryBuffer, Column<Element>> & Sendable) {
        self.name = name
        self.table = table
        self.row = row
        numpyDescriptor = Element.numpyDescriptor
        elementBytes = MemoryLayout<Element>.stride
        storage = { $0[keyPath: column] }
    }

    /// The shape of one row for a game with these sizes (empty for a scalar).
    public func rowShape(observationShape: [Int], actionCount: Int, seatCount: Int) -> [Int] {
        switch row {
        case .scalar: return []
        case .observation: return observationShape
        case .legalMask: return [actionCount]
        case .seats: return [seatCount]
        }
    }
}

/// An element type a trajectory column may hold, with its NumPy descriptor. Multi-byte types
/// are declared little-endian, as they lie in memory on x86-64 and arm64.
public protocol ColumnElement: BitwiseCopyable, SendableMetatype {
    /// NumPy's dtype string, e.g. `<f4`.
    static var numpyDescriptor: String { get }
}

extension Float: ColumnElement { public static var numpyDescriptor: String { "<f4" } }
extension Int64: ColumnElement { public static var numpyDescriptor: String { "<i8" } }
extension Int32: ColumnElement { public static var numpyDescriptor: String { "<i4" } }
extension UInt8: ColumnElement { public static var numpyDescriptor: String { "|u1" } }
extension Int8: ColumnElement { public static var numpyDescriptor: String { "|i1" } }

/// What the buffer's operations need of a column, whatever its element type.
protocol ColumnStorage: AnyObject {
    var count: Int { get set }
    var capacity: Int { get }
    var reservedBytes: Int { get }
    /// The valid elements' bytes, without copying.
    var bytes: UnsafeRawBufferPointer { get }
    func reserve(_ needed: Int)
    func permuteRows(_ order: [Int], rowSize: Int)
}

extension Column: ColumnStorage {
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffer) }
}
