import Foundation

extension BridgeServer {
    /// Answers `SESSION`: an empty token opens a session, a token looks one up (docs/protocol.md,
    /// Sessions).
    ///
    /// - Throws: `BridgeError`: `unknownSession` for a token of no open session,
    ///   `invalidArgument` when `--max-sessions` are open.
    func session(_ request: WireSessionRequest) throws(BridgeError) -> WireSessionReply {
        var reply = WireSessionReply()
        if request.token.isEmpty {
            reply.token = Data(try sessions.open(now: clock(), limit: options.limits.maxSessions))
        } else {
            reply.vectors = try sessions.use(Array(request.token), now: clock()).compactMap { vectors[$0]?.makeReply }
            reply.token = request.token
        }
        return reply
    }
}
