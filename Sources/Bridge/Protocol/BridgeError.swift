/// A refused request: the error code and the sentence sent back in the `ERROR` reply.
public struct BridgeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The code the reply carries (docs/protocol.md, Errors).
    public let code: WireErrorCode
    /// What was wrong, and what is accepted.
    public let message: String

    /// Creates an error.
    public init(_ code: WireErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func malformed(_ message: String) -> BridgeError { BridgeError(.malformedMessage, message) }
    static func invalid(_ message: String) -> BridgeError { BridgeError(.invalidArgument, message) }
}
