// Every call into libzmq goes through this file: C errors become `ZMQError`s here, and the
// rest of the Bridge sees sockets, messages and a poll call in Swift terms.
//
// Ownership rules (libzmq's): a context is thread-safe; a socket is not, so each has one
// owner at a time (a thread, or a lock's holder); a `zmq_msg_t` must not move while libzmq
// holds it, so `ZMQMessage` keeps it on the heap.

import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

#if _endian(big)
    #error("the bridge writes arrays in host byte order, which must be little-endian")
#endif

/// A failed ZeroMQ call: which operation, and libzmq's errno with its text.
public struct ZMQError: Error, CustomStringConvertible, Sendable {
    /// What was being done, e.g. `bind tcp://127.0.0.1:5555`.
    public let operation: String
    /// The errno libzmq reported.
    public let code: Int32

    /// The error of the last libzmq call on this thread.
    init(_ operation: String) {
        self.operation = operation
        self.code = zmq_errno()
    }

    /// Whether the call would have blocked (`EAGAIN`), e.g. a full send queue or a receive timeout.
    public var wouldBlock: Bool { code == EAGAIN }
    /// Whether a signal interrupted the call (`EINTR`).
    public var interrupted: Bool { code == EINTR }

    public var description: String {
        let text = zmq_strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        return "\(operation): \(text)"
    }
}

/// A ZeroMQ context: owns the I/O threads, and is safe to share between threads.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// Creates a context with libzmq's default single I/O thread.
    ///
    /// - Throws: `ZMQError` when libzmq cannot create one.
    public init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
    }

    deinit {
        // Waits for sockets' LINGER; every socket here sets LINGER 0 or is closed first.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// The socket kinds the bridge uses.
enum ZMQSocketType: Int32 {
    case request = 3  // ZMQ_REQ
    case reply = 4  // ZMQ_REP
    case dealer = 5  // ZMQ_DEALER
    case router = 6  // ZMQ_ROUTER
    case pull = 7  // ZMQ_PULL
    case push = 8  // ZMQ_PUSH
}

/// Integer socket options the bridge sets.
enum ZMQOption: Int32 {
    case linger = 17
    case maxMessageSize = 22  // int64
    case sendHighWaterMark = 23
    case receiveHighWaterMark = 24
    case receiveTimeout = 27
    case sendTimeout = 28
    case routerMandatory = 33
    case curveServer = 47
}

/// Byte-string socket options the bridge sets.
enum ZMQBytesOption: Int32 {
    /// The socket's long-term secret key, 32 bytes or 40 characters of Z85.
    case curveSecretKey = 49
}

/// One ZeroMQ message part, heap-allocated so its address never changes.
final class ZMQMessage {
    let pointer: UnsafeMutablePointer<zmq_msg_t>

    /// An empty message, ready to receive into.
    init() {
        pointer = .allocate(capacity: 1)
        zmq_msg_init(pointer)
    }

    /// A message of `size` uninitialised bytes, to be filled through `mutableBytes`.
    ///
    /// - Throws: `ZMQError` when libzmq cannot allocate it.
    init(size: Int) throws(ZMQError) {
        // The pointer becomes the stored property only once libzmq initialised it: a class
        // initialiser that throws after its stored properties are set runs `deinit`, which
        // would close and free a pointer freed here.
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        guard zmq_msg_init_size(message, size) == 0 else {
            let error = ZMQError("zmq_msg_init_size \(size)")
            message.deallocate()
            throw error
        }
        pointer = message
    }

    /// A message holding a copy of `bytes`.
    convenience init(copying bytes: UnsafeRawBufferPointer) throws(ZMQError) {
        try self.init(size: bytes.count)
        if let source = bytes.baseAddress, bytes.count > 0 {
            mutableBytes.baseAddress?.copyMemory(from: source, byteCount: bytes.count)
        }
    }

    /// A message holding a copy of `bytes`.
    convenience init(copying bytes: [UInt8]) throws(ZMQError) {
        try self.init(size: bytes.count)
        let target = mutableBytes
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress, source.count > 0 { target.baseAddress?.copyMemory(from: base, byteCount: source.count) }
        }
    }

    deinit {
        zmq_msg_close(pointer)
        pointer.deallocate()
    }

    /// Bytes in the message.
    var count: Int { zmq_msg_size(pointer) }

    /// The message's bytes, valid while the message lives and is not sent.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: zmq_msg_data(pointer), count: count)
    }

    /// The message's bytes, for filling a message made with `init(size:)`.
    var mutableBytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: zmq_msg_data(pointer), count: count)
    }

    /// A copy of the bytes.
    var array: [UInt8] { Array(bytes) }

    /// A second message with the same bytes, to send again later: libzmq shares the bytes of
    /// all but the smallest messages between the two (reference counted), so nothing is copied.
    /// Neither message may be changed after this.
    ///
    /// - Throws: `ZMQError` when libzmq refuses (a message already sent or closed).
    func sharedCopy() throws(ZMQError) -> ZMQMessage {
        let copy = ZMQMessage()
        guard zmq_msg_copy(copy.pointer, pointer) == 0 else { throw ZMQError("zmq_msg_copy") }
        return copy
    }
}

/// A ZeroMQ socket. Not thread-safe: one owner at a time.
final class ZMQSocket {
    private(set) var handle: UnsafeMutableRawPointer?
    /// Kept so the context outlives the socket.
    private let context: ZMQContext
    let type: ZMQSocketType

    /// Opens a socket with LINGER 0, so closing it never waits for unsent messages.
    ///
    /// - Throws: `ZMQError` when libzmq cannot open it.
    init(_ context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else {
            throw ZMQError("zmq_socket \(type)")
        }
        self.handle = handle
        self.context = context
        self.type = type
        try set(.linger, Int32(0))
    }

    deinit { close() }

    /// Closes the socket; later calls fail with `ENOTSOCK`.
    func close() {
        if let handle { zmq_close(handle) }
        handle = nil
    }

    private func live(_ operation: String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(operation: operation, code: ENOTSOCK) }
        return handle
    }

    /// Sets an integer option.
    func set(_ option: ZMQOption, _ value: Int32) throws(ZMQError) {
        let socket = try live("setsockopt \(option)")
        var value = value
        guard zmq_setsockopt(socket, option.rawValue, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError("setsockopt \(option) = \(value)")
        }
    }

    /// Sets a 64-bit option (`maxMessageSize`).
    func set(_ option: ZMQOption, _ value: Int64) throws(ZMQError) {
        let socket = try live("setsockopt \(option)")
        var value = value
        guard zmq_setsockopt(socket, option.rawValue, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError("setsockopt \(option) = \(value)")
        }
    }

    /// Sets a byte-string option.
    func set(_ option: ZMQBytesOption, _ value: [UInt8]) throws(ZMQError) {
        let socket = try live("setsockopt \(option)")
        let status = value.withUnsafeBytes { zmq_setsockopt(socket, option.rawValue, $0.baseAddress, $0.count) }
        // The value itself is left out of the error: it is a secret key.
        guard status == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    /// Binds to `endpoint` (e.g. `tcp://127.0.0.1:5555`, or port `*` for any free port).
    func bind(_ endpoint: String) throws(ZMQError) {
        let socket = try live("bind \(endpoint)")
        guard zmq_bind(socket, endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
    }

    /// Connects to `endpoint`; ZeroMQ connects (and reconnects) in the background.
    func connect(_ endpoint: String) throws(ZMQError) {
        let socket = try live("connect \(endpoint)")
        guard zmq_connect(socket, endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
    }

    /// The endpoint the socket was last bound to, with the port filled in.
    func lastEndpoint() throws(ZMQError) -> String {
        let socket = try live("getsockopt ZMQ_LAST_ENDPOINT")
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        let status = buffer.withUnsafeMutableBytes { zmq_getsockopt(socket, 32, $0.baseAddress, &size) }
        guard status == 0 else { throw ZMQError("getsockopt ZMQ_LAST_ENDPOINT") }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends `parts` as one multipart message. Each sent part is emptied by libzmq.
    ///
    /// - Parameters:
    ///   - dontWait: return false instead of blocking when the message cannot be queued now.
    /// - Returns: false when `dontWait` and nothing was sent (the parts are intact, try again later).
    /// - Throws: `ZMQError` for any other failure (e.g. an unroutable ROUTER peer).
    @discardableResult
    func send(_ parts: [ZMQMessage], dontWait: Bool = false) throws(ZMQError) -> Bool {
        let socket = try live("send")
        for (index, part) in parts.enumerated() {
            var flags: Int32 = index < parts.count - 1 ? 2 : 0  // ZMQ_SNDMORE
            if dontWait { flags |= 1 }  // ZMQ_DONTWAIT
            while zmq_msg_send(part.pointer, socket, flags) < 0 {
                let error = ZMQError("send part \(index) of \(parts.count)")
                if error.interrupted { continue }
                // Once the first part is queued, libzmq queues the rest of the message.
                if error.wouldBlock && index == 0 && dontWait { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one whole multipart message.
    ///
    /// - Parameters:
    ///   - dontWait: return nil instead of blocking when no message is waiting.
    /// - Returns: the parts, or nil when `dontWait` and nothing is waiting (or a receive timeout passed).
    /// - Throws: `ZMQError` for any other failure.
    func receive(dontWait: Bool = false) throws(ZMQError) -> [ZMQMessage]? {
        let socket = try live("receive")
        var parts: [ZMQMessage] = []
        while true {
            let part = ZMQMessage()
            let flags: Int32 = parts.isEmpty && dontWait ? 1 : 0
            while zmq_msg_recv(part.pointer, socket, flags) < 0 {
                let error = ZMQError("receive")
                if error.interrupted { continue }
                if error.wouldBlock && parts.isEmpty { return nil }
                throw error
            }
            parts.append(part)
            if zmq_msg_more(part.pointer) == 0 { return parts }
        }
    }
}

/// What to wait for on one socket in `ZMQPoller.poll`.
struct ZMQPollRequest {
    let socket: ZMQSocket
    var readable: Bool
    var writable: Bool
}

enum ZMQPoller {
    /// Waits until one of the sockets is ready or `timeoutMilliseconds` pass (-1: forever).
    ///
    /// - Returns: per request, (readable, writable) now; all false after a timeout or a signal.
    /// - Throws: `ZMQError` for a closed socket or another failure.
    static func poll(_ requests: [ZMQPollRequest], timeoutMilliseconds: Int) throws(ZMQError) -> [(readable: Bool, writable: Bool)] {
        var items = [zmq_pollitem_t]()
        items.reserveCapacity(requests.count)
        for request in requests {
            guard let handle = request.socket.handle else { throw ZMQError(operation: "poll", code: ENOTSOCK) }
            var events: Int16 = 0
            if request.readable { events |= 1 }  // ZMQ_POLLIN
            if request.writable { events |= 2 }  // ZMQ_POLLOUT
            items.append(zmq_pollitem_t(socket: handle, fd: 0, events: events, revents: 0))
        }
        let status = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32($0.count), timeoutMilliseconds) }
        if status < 0 {
            let error = ZMQError("poll")
            if error.interrupted { return requests.map { _ in (false, false) } }
            throw error
        }
        return items.map { ($0.revents & 1 != 0, $0.revents & 2 != 0) }
    }
}

extension ZMQError {
    /// An error with a given errno, for failures detected before calling libzmq.
    init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }
}
