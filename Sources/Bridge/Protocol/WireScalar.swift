/// Element types that cross the wire as raw little-endian array frames.
public protocol WireScalar: BitwiseCopyable {
    /// The dtype named in an array's `ArrayRef`.
    static var dtype: WireDType { get }
}

extension UInt8: WireScalar { public static var dtype: WireDType { .uint8 } }
extension Int8: WireScalar { public static var dtype: WireDType { .int8 } }
extension Int32: WireScalar { public static var dtype: WireDType { .int32 } }
extension Int64: WireScalar { public static var dtype: WireDType { .int64 } }
extension UInt64: WireScalar { public static var dtype: WireDType { .uint64 } }
extension Float: WireScalar { public static var dtype: WireDType { .float32 } }
extension Double: WireScalar { public static var dtype: WireDType { .float64 } }

extension WireDType {
    /// Bytes per element, or nil for an unknown dtype.
    var itemSize: Int? {
        switch self {
        case .uint8, .int8: return 1
        case .int32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        default: return nil
        }
    }

    /// The name docs/protocol.md uses.
    var name: String {
        switch self {
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .int32: return "int32"
        case .int64: return "int64"
        case .uint64: return "uint64"
        case .float32: return "float32"
        case .float64: return "float64"
        default: return "unknown dtype \(rawValue)"
        }
    }
}

/// The version of the protocol this build speaks (docs/protocol.md).
public let bridgeProtocolVersion: UInt32 = 1
