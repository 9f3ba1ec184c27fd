/// Who a vector belongs to: a session, whichever connection speaks for it, or one ZeroMQ
/// connection (a request without `Header.session`).
///
/// A connection's routing identity changes when its DEALER reconnects, and a client that sets
/// its own identity can be impersonated once it left; a session token is issued by the server,
/// random, and never sent to anyone but the client that asked for it.
struct VectorOwner: Hashable {
    /// A tag byte (0: connection, 1: session) and the identity or token: the two kinds of key
    /// can never be equal.
    let key: [UInt8]

    static func connection(_ identity: [UInt8]) -> VectorOwner { VectorOwner(key: [0] + identity) }
    static func session(_ token: [UInt8]) -> VectorOwner { VectorOwner(key: [1] + token) }

    /// "this session" or "this client", for error messages.
    var name: String { sessionToken == nil ? "this client" : "this session" }

    /// The session's token, or nil for a connection.
    var sessionToken: [UInt8]? { key.first == 1 ? Array(key.dropFirst()) : nil }
}

/// The server's open sessions (docs/protocol.md, Sessions). Touched only by the server thread.
struct SessionTable {
    /// Bytes in a token: 128 random bits, as many as a UUID's, from the system's secure
    /// generator (`getrandom` on Linux).
    static let tokenBytes = 16

    struct Session {
        /// Open vectors, in the order they were made.
        var vectorIDs: [UInt64] = []
        /// When a request last named the session (seconds of the server's clock).
        var lastUsed: Double
    }

    private(set) var sessions: [[UInt8]: Session] = [:]
    /// Tokens of the latest sessions ended for going idle (at most `rememberedEnded`), so a
    /// late request hears why its session is gone.
    private var endedIdle: Set<[UInt8]> = []
    private var endedIdleOrder: [[UInt8]] = []
    static let rememberedEnded = 4096

    /// Opens a session and returns its token.
    ///
    /// - Throws: `BridgeError` (`invalidArgument`) when `limit` sessions are open.
    mutating func open(now: Double, limit: Int) throws(BridgeError) -> [UInt8] {
        guard sessions.count < limit else {
            throw .invalid(
                "this server has \(sessions.count) open sessions, the most it keeps: reuse a session's token (a session lasts while it has vectors, and --idle-timeout after its last request otherwise), or start the server with more (games serve --max-sessions)"
            )
        }
        var generator = SystemRandomNumberGenerator()
        var token: [UInt8] = []
        repeat {
            token = (0..<Self.tokenBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        } while sessions[token] != nil
        sessions[token] = Session(lastUsed: now)
        return token
    }

    /// The vectors of the session `token` names, after marking it used.
    ///
    /// - Throws: `BridgeError` (`unknownSession`) when no open session has that token; the
    ///   message is the same for every such token.
    mutating func use(_ token: [UInt8], now: Double) throws(BridgeError) -> [UInt64] {
        guard var session = sessions[token] else { throw unknown(token) }
        session.lastUsed = now
        sessions[token] = session
        return session.vectorIDs
    }

    /// Checks that `token` names an open session, without marking it used (for requests on
    /// its vectors: a session with vectors does not end, and the request that closes its last
    /// vector marks it).
    ///
    /// - Throws: `BridgeError` (`unknownSession`), as `use`.
    func check(_ token: [UInt8]) throws(BridgeError) {
        guard sessions[token] != nil else { throw unknown(token) }
    }

    private func unknown(_ token: [UInt8]) -> BridgeError {
        if endedIdle.contains(token) {
            return BridgeError(
                .unknownSession,
                "this session ended after its vectors closed and it had no requests for the idle timeout (games serve --idle-timeout); open a new one with SESSION"
            )
        }
        return BridgeError(
            .unknownSession,
            "no open session has this token: sessions end when the server restarts, and --idle-timeout after their last request once they have no vectors; open a new one with SESSION"
        )
    }

    mutating func add(vector id: UInt64, to token: [UInt8]) { sessions[token]?.vectorIDs.append(id) }

    mutating func remove(vector id: UInt64, from token: [UInt8]) { sessions[token]?.vectorIDs.removeAll { $0 == id } }

    /// Ends the sessions without vectors that went `idleTimeout` seconds without a request.
    mutating func endIdle(now: Double, idleTimeout: Double) {
        guard idleTimeout > 0 else { return }
        for (token, session) in sessions where session.vectorIDs.isEmpty && now - session.lastUsed > idleTimeout {
            sessions[token] = nil
            endedIdle.insert(token)
            endedIdleOrder.append(token)
        }
        if endedIdleOrder.count > Self.rememberedEnded {
            let forgotten = endedIdleOrder.count - Self.rememberedEnded
            for token in endedIdleOrder[..<forgotten] { endedIdle.remove(token) }
            endedIdleOrder.removeFirst(forgotten)
        }
    }
}
