extension BridgeServer {
    /// Closes the vectors that had no request for `options.idleTimeout` seconds, as `CLOSE`
    /// would: their finished episodes still go out on the trajectory channel.
    ///
    /// ZeroMQ does not tell a ROUTER that a client went away, so a client that crashed or
    /// forgot its vectors would otherwise keep them (and their memory) for the server's life.
    /// A vector whose requests wait for its trajectories to reach a trainer is not idle: its
    /// client is waiting on the server.
    func closeIdleVectors() {
        guard options.idleTimeout > 0, !vectors.isEmpty || !sessions.sessions.isEmpty else { return }
        let now = clock()
        // Looking at every vector costs little, but not on every turn of a busy loop.
        guard now - lastIdleSweep >= min(1, options.idleTimeout / 4) else { return }
        lastIdleSweep = now
        sessions.endIdle(now: now, idleTimeout: options.idleTimeout)
        for (id, vector) in vectors where deferredRequests[id] == nil {
            guard now - (lastRequestTime[id] ?? now) > options.idleTimeout else { continue }
            close(vector)
            idleClosedVectors.insert(id)
            reportProblem("closed vector \(id) after \(options.idleTimeout) s without requests (--idle-timeout)")
        }
    }
}
