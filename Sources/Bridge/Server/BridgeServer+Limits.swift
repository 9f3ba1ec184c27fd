/// What one owner of vectors (a session, or a connection without one) has open.
struct OwnerUsage {
    /// Open vectors, and the games (slots) in them.
    var vectors = 0
    var games = 0
}

/// What one client connection (ZeroMQ routing identity) has of the server.
struct ClientUsage {
    /// Replies the server holds because the client does not read them, and requests waiting
    /// for trajectories or a solve; with their bytes.
    var heldMessages = 0
    var heldBytes = 0
    /// Its requests are being refused for unread replies (reported once until it reads).
    var isRefused = false

    var isEmpty: Bool { heldMessages == 0 && heldBytes == 0 }
}

/// A `MAKE` whose opponent is being solved: it is answered when the solve ends.
struct SolvePending: Error {
    let key: String
}

extension BridgeServer {
    // MARK: Held replies and requests

    /// Counts a reply or request the server keeps for `identity`'s client.
    func hold(_ parts: [ZMQMessage], for identity: [UInt8]) {
        let bytes = parts.reduce(0) { $0 + $1.count }
        clients[identity, default: ClientUsage()].heldMessages += 1
        clients[identity, default: ClientUsage()].heldBytes += bytes
        ledger.addHeld(bytes)
    }

    /// Stops counting a held request or reply that is still whole (its first part is the
    /// client's identity).
    func release(_ parts: [ZMQMessage]) {
        guard let identity = parts.first?.array else { return }
        release(bytes: parts.reduce(0) { $0 + $1.count }, of: identity)
    }

    /// Stops counting a held message of `bytes` bytes (a reply libzmq took, and emptied).
    func release(bytes: Int, of identity: [UInt8]) {
        guard var usage = clients[identity] else { return }
        usage.heldMessages -= 1
        usage.heldBytes -= bytes
        if usage.heldMessages < options.limits.maxUnreadReplies && usage.heldBytes < options.limits.maxUnreadBytes { usage.isRefused = false }
        clients[identity] = usage.isEmpty ? nil : usage
        ledger.removeHeld(bytes)
    }

    /// Whether a request from `identity` is dropped without a reply: its client left more
    /// than twice its limit of replies unread, so even refusals would pile up.
    func dropsRequests(from identity: [UInt8]) -> Bool {
        (clients[identity]?.heldMessages ?? 0) >= 2 * options.limits.maxUnreadReplies
    }

    /// Refuses a request of a client that does not read its replies.
    ///
    /// - Throws: `BridgeError` (`tooManyWaiting`) when the client's held replies and requests
    ///   are at its limits, or when the memory budget is spent and the client holds some.
    func checkUnreadReplies(of identity: [UInt8]) throws(BridgeError) {
        guard let usage = clients[identity], usage.heldMessages > 0 else { return }
        let limits = options.limits
        let held = "this client has \(usage.heldMessages) replies it has not read or requests waiting (\(ByteCount.describe(usage.heldBytes)))"
        if usage.heldMessages >= limits.maxUnreadReplies || usage.heldBytes >= limits.maxUnreadBytes {
            if !usage.isRefused {
                clients[identity]?.isRefused = true
                reportProblem(
                    "refusing the requests of a client with \(usage.heldMessages) unread replies or waiting requests (\(ByteCount.describe(usage.heldBytes))) until it reads (--max-unread-replies, --max-unread-bytes)"
                )
            }
            throw BridgeError(
                .tooManyWaiting,
                "\(held), the most one client may have is \(limits.maxUnreadReplies) or \(ByteCount.describe(limits.maxUnreadBytes)): "
                    + "read replies before sending more requests (games serve --max-unread-replies, --max-unread-bytes)")
        }
        if ledger.usedBytes >= ledger.limit {
            throw BridgeError(.tooManyWaiting, "\(held), and \(ledger.summary): read replies before sending more requests (games serve --max-memory)")
        }
    }

    // MARK: Vectors

    /// Refuses a `MAKE` over the client's quotas.
    ///
    /// - Throws: `BridgeError` (`invalidArgument`) naming the quota and its flag.
    func checkQuotas(of owner: VectorOwner, batchSize: Int) throws(BridgeError) {
        let usage = owners[owner.key] ?? OwnerUsage()
        let limits = options.limits
        guard usage.vectors < limits.maxVectorsPerClient else {
            throw .invalid(
                "\(owner.name) already has \(usage.vectors) open vectors, the most one client may have: close one first (games serve --max-vectors-per-client)"
            )
        }
        guard usage.games + batchSize <= limits.maxGamesPerClient else {
            throw .invalid(
                "\(owner.name)'s open vectors hold \(usage.games) games; \(batchSize) more would pass the \(limits.maxGamesPerClient) one client may have: close vectors or make a smaller one (games serve --max-games-per-client)"
            )
        }
    }

    /// Refuses a `MAKE` whose estimated footprint does not fit the memory budget.
    ///
    /// - Throws: `BridgeError` (`invalidArgument`) naming the budget and its flag.
    func checkBudget(_ footprint: VectorFootprint, game: String) throws(BridgeError) {
        guard !ledger.fits(footprint.totalBytes) else { return }
        throw .invalid(
            "MAKE of \(footprint.batchSize) games of \(game) needs an estimated \(footprint.summary), but \(ledger.summary): "
                + "make a smaller vector, close vectors, or start the server with a larger budget (games serve --max-memory)")
    }

    /// Registers a new vector and reserves its footprint.
    func open(_ vector: any GameVectorProtocol, footprint: VectorFootprint, batchSize: Int) {
        vectors[vector.id] = vector
        vectorFootprints[vector.id] = footprint.totalBytes
        ledger.reserve(footprint.totalBytes)
        owners[vector.owner, default: OwnerUsage()].vectors += 1
        owners[vector.owner, default: OwnerUsage()].games += batchSize
        if let token = VectorOwner(key: vector.owner).sessionToken { sessions.add(vector: vector.id, to: token) }
    }

    /// Closes a vector: its finished episodes go out, its footprint returns to the budget,
    /// and what it held (episodes, recordings, text) is freed.
    func close(_ vector: any GameVectorProtocol) {
        queueTrajectories(of: vector)
        vectors[vector.id] = nil
        lastRequestTime[vector.id] = nil
        let footprint = vectorFootprints.removeValue(forKey: vector.id) ?? 0
        ledger.unreserve(footprint)
        if var usage = owners[vector.owner] {
            usage.vectors -= 1
            usage.games -= vector.batchSize
            owners[vector.owner] = usage.vectors == 0 ? nil : usage
        }
        if let token = VectorOwner(key: vector.owner).sessionToken { sessions.remove(vector: vector.id, from: token) }
        // The caller may still hold the vector: its memory is freed (and the text it kept
        // uncounted) once the request is done, and then handed back (`returnFreedMemory`).
        closedSinceTrim.footprints += footprint
        if closedSinceTrim.textBytes == nil { closedSinceTrim.textBytes = ledger.textBytes }
    }

    /// Hands the memory of vectors closed since the last call back to the system, when they
    /// held at least `trimmedBytes` (their footprint, or the text they kept): the allocator
    /// keeps freed memory for reuse, so the process would stay as large as its largest
    /// moment. Called between requests, when no reference to a closed vector is left.
    func returnFreedMemory() {
        guard let textBefore = closedSinceTrim.textBytes else { return }
        let freed = closedSinceTrim.footprints + max(textBefore - ledger.textBytes, 0)
        closedSinceTrim = (0, nil)
        if freed >= Self.trimmedBytes { SystemAllocator.returnFreeMemory() }
    }

    /// Closed vectors that held at least this much give their memory back to the system.
    static var trimmedBytes: Int { 64 << 20 }

    // MARK: Solves

    /// Answers, in arrival order, the `MAKE`s whose opponent's solve ended.
    func serveSolvedRequests() {
        for key in opponents.takeFinished() {
            for parts in waitingForSolves.removeValue(forKey: key) ?? [] {
                release(parts)
                handle(parts, replaying: true)
            }
        }
    }
}
