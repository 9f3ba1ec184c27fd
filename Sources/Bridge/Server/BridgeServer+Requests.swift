import Games
import Rollout

extension BridgeServer {
    /// Answers one request (`parts` as the ROUTER received it: identity, optional empty
    /// delimiter, header, frames). Never throws: every failure becomes an `ERROR` reply.
    ///
    /// - Parameter replaying: the request waited for its vector's trajectories and is now
    ///   first in line (later requests of the vector must not overtake it).
    func handle(_ parts: [ZMQMessage], replaying: Bool = false) {
        guard let identityPart = parts.first else { return }
        let identity = identityPart.array
        var envelope = [identityPart]
        var body = parts.dropFirst()
        if let delimiter = body.first, delimiter.count == 0 {
            envelope.append(delimiter)
            body = body.dropFirst()
        }
        // A client that left more than twice its limit of replies unread gets no more replies,
        // not even refusals: they would pile up like the rest.
        if !replaying && dropsRequests(from: identity) { return }
        var requestID: UInt64 = 0
        var kind = WireKind.error
        let reply: OutgoingMessage
        // The vector whose finished episodes go out after the reply.
        var finishedEpisodesOf: (any GameVectorProtocol)?
        do {
            let bytes = body.reduce(0) { $0 + $1.count }
            if bytes > options.maxMessageBytes {
                // Best effort to echo the id: the header frame itself is usually small.
                if let first = body.first, first.count < 65_536, let header = try? IncomingMessage(frames: [first]).header {
                    requestID = header.requestID
                }
                throw BridgeError(
                    .messageTooLarge,
                    "the request has \(bytes) bytes; this server accepts at most \(options.maxMessageBytes) (games serve --max-message-bytes)")
            }
            let message = try IncomingMessage(frames: Array(body))
            requestID = message.header.requestID
            kind = message.header.kind
            guard message.header.protocolVersion == bridgeProtocolVersion else {
                throw BridgeError(
                    .unsupportedVersion,
                    "protocol_version \(message.header.protocolVersion) is not supported; this server speaks version \(bridgeProtocolVersion)")
            }
            guard !message.header.isReply else {
                throw BridgeError(.unknownKind, "the server takes requests; this message has is_reply set")
            }
            // CLOSE only frees memory, so it is served even then.
            if !replaying && kind != .close { try checkUnreadReplies(of: identity) }
            if let vectorID = Self.vectorID(of: message.header),
                unsentTrajectories[vectorID] != nil || (!replaying && deferredRequests[vectorID] != nil)
            {
                // Its trajectories are waiting for a trainer: answer once they went out.
                let waiting = deferredRequests[vectorID]?.count ?? 0
                guard waiting < options.maxWaitingRequests else {
                    throw BridgeError(
                        .tooManyWaiting,
                        "vector \(vectorID) already has \(waiting) requests waiting for its trajectories to reach a trainer: connect a PULL socket to \(boundTrajectoryEndpoint), or wait for the replies before sending more (games serve --max-waiting-requests)"
                    )
                }
                deferredRequests[vectorID, default: []].append(parts)
                hold(parts, for: identity)
                return
            }
            (reply, finishedEpisodesOf) = try answer(message, identity: identity)
        } catch let pending as SolvePending {
            // Answered when the solve ends; every other request is served meanwhile.
            waitingForSolves[pending.key, default: []].append(parts)
            hold(parts, for: identity)
            return
        } catch let error as BridgeError {
            reply = Self.errorReply(error, requestID: requestID)
        } catch {
            reply = Self.errorReply(BridgeError(.internal, "\(kind) failed: \(error)"), requestID: requestID)
        }
        do {
            sendReply(try reply.parts(envelope: envelope), to: identity)
        } catch {
            reportProblem("cannot build a reply: \(error)")
        }
        // After the reply, so the client plays on while its episodes are packed (RAE, one
        // message): that is a quarter of a 1024-game TicTacToe step's work with trajectories.
        // Still before the next request is read, so the vector's next request waits if the
        // message cannot go out.
        if let vector = finishedEpisodesOf { queueTrajectories(of: vector) }
    }

    static func vectorID(of header: WireHeader) -> UInt64? {
        switch header.body {
        case .reset(let request): return request.vectorID
        case .step(let request): return request.vectorID
        case .close(let request): return request.vectorID
        default: return nil
        }
    }

    static func errorReply(_ error: BridgeError, requestID: UInt64) -> OutgoingMessage {
        var reply = OutgoingMessage(kind: .error, requestID: requestID, isReply: true)
        var body = WireErrorReply()
        body.code = error.code
        body.message = error.message
        reply.header.error = body
        return reply
    }

    /// - Returns: the reply, and the vector whose episodes finished during the request (to
    ///   be queued as a trajectory message once the reply is sent).
    private func answer(_ message: IncomingMessage, identity: [UInt8]) throws -> (OutgoingMessage, (any GameVectorProtocol)?) {
        let header = message.header
        var reply = OutgoingMessage(kind: header.kind, requestID: header.requestID, isReply: true)
        switch (header.kind, header.body) {
        case (.listGames, _):
            reply.header.listGamesReply = listGames()
        case (.session, _):
            reply.header.sessionReply = try session(header.sessionRequest)
        case (.acknowledge, _):
            reply.header.acknowledgeReply = acknowledge(header.acknowledge)
        case (.replay, _):
            reply.header.replayReply = try replay()
        case (.stats, _):
            reply.header.statsReply = stats()
        case (.make, .make(let request)?):
            reply.header.makeReply = try make(request, owner: try owner(of: header, identity: identity, marksUse: true))
            lastRequestTime[reply.header.makeReply.vectorID] = clock()
        case (.reset, .reset(let request)?):
            let vector = try ownedVector(request.vectorID, owner: try owner(of: header, identity: identity))
            lastRequestTime[request.vectorID] = clock()
            try vector.reset(seed: request.hasSeed ? request.seed : nil, into: &reply)
            return (reply, vector)
        case (.step, .step(let request)?):
            let vector = try ownedVector(request.vectorID, owner: try owner(of: header, identity: identity))
            lastRequestTime[request.vectorID] = clock()
            try vector.step(message, into: &reply)
            return (reply, vector)
        case (.close, .close(let request)?):
            close(try ownedVector(request.vectorID, owner: try owner(of: header, identity: identity, marksUse: true)))
        case (.make, _), (.reset, _), (.step, _), (.close, _):
            throw BridgeError(.unknownKind, "a \(header.kind) request needs its '\(header.kind)' body")
        default:
            throw BridgeError(
                .unknownKind,
                "kind \(header.kind) is not a request this server answers; send LIST_GAMES, MAKE, RESET, STEP, CLOSE, SESSION, ACKNOWLEDGE, REPLAY or STATS"
            )
        }
        return (reply, nil)
    }

    private func listGames() -> WireListGamesReply {
        var reply = WireListGamesReply()
        reply.games = GameCatalog.infos.map { info in
            var entry = WireGameEntry()
            entry.name = info.name
            entry.longName = info.longName
            entry.summary = info.summary
            entry.parameters = info.parameters.map { spec in
                var parameter = WireParameter()
                parameter.name = spec.name
                parameter.defaultValue = spec.defaultValue.description
                parameter.help = spec.help
                return parameter
            }
            return entry
        }
        reply.protocolVersions = [bridgeProtocolVersion]
        reply.policies = opponents.listedNames
        reply.maxMessageBytes = UInt64(options.maxMessageBytes)
        return reply
    }

    /// Builds the vector a `MAKE` asks for, once it is within the client's quotas and its
    /// estimated footprint within the memory budget (both checked before it is allocated).
    ///
    /// - Throws: `BridgeError`; `SolvePending` when its opponent must be solved first.
    private func make(_ request: WireMakeRequest, owner: VectorOwner) throws -> WireMakeReply {
        let vectorOptions = try VectorOptions(request, limits: options.limits)
        try checkQuotas(of: owner, batchSize: vectorOptions.batchSize)
        let builder = VectorBuilder(
            id: nextVectorID, owner: owner.key, options: vectorOptions, ledger: ledger, opponents: opponents,
            textFaceSizes: textFaceSizes, admit: { footprint, game throws(BridgeError) in try self.checkBudget(footprint, game: game) })
        let vector: any GameVectorProtocol
        let footprint: VectorFootprint
        do {
            (vector, footprint) = try GameCatalog.visit(request.game, with: builder)
        } catch let error as GameError {
            if case .unknownGame = error { throw BridgeError(.unknownGame, error.description) }
            throw BridgeError.invalid(error.description)
        }
        nextVectorID += 1
        open(vector, footprint: footprint, batchSize: vectorOptions.batchSize)
        return vector.makeReply
    }

    private func ownedVector(_ id: UInt64, owner: VectorOwner) throws(BridgeError) -> any GameVectorProtocol {
        guard let vector = vectors[id], vector.owner == owner.key else {
            if idleClosedVectors.contains(id) {
                throw BridgeError(
                    .unknownVector,
                    "vector \(id) was closed after \(options.idleTimeout) s without requests (games serve --idle-timeout); MAKE a new one")
            }
            throw BridgeError(
                .unknownVector,
                "no open vector \(id) belongs to \(owner.name); MAKE returns vector ids, CLOSE ends them"
                    + (owner.sessionToken == nil
                        ? " (without a session, vectors belong to one connection: SESSION keeps them across reconnects)" : ""))
        }
        return vector
    }

    /// Who a request acts for: the session its header names, or its connection.
    ///
    /// - Throws: `BridgeError` (`unknownSession`) for a token of no open session.
    ///
    /// - Parameter marksUse: the request starts the session's idle time anew (`MAKE`, `CLOSE`);
    ///   `RESET` and `STEP` act on an open vector, and a session with one does not end.
    private func owner(of header: WireHeader, identity: [UInt8], marksUse: Bool = false) throws(BridgeError) -> VectorOwner {
        guard !header.session.isEmpty else {
            if options.requireSessions {
                throw BridgeError(
                    .unknownSession,
                    "this server requires a session for vectors (games serve --require-sessions): open one with SESSION and put its token in Header.session"
                )
            }
            return .connection(identity)
        }
        let token = Array(header.session)
        if marksUse {
            _ = try sessions.use(token, now: clock())
        } else {
            try sessions.check(token)
        }
        return .session(token)
    }

    /// Turns the vector's finished episodes into one trajectory message and queues it.
    func queueTrajectories(of vector: any GameVectorProtocol) {
        guard let collector = vector.collector, collector.episodeCount > 0 else { return }
        let episodes = collector.episodeCount
        do {
            let message = try collector.makeMessage(
                firstSequence: nextSequence, vectorID: vector.id, game: vector.gameString, store: baselines, episodesLost: kept.episodesLost)
            var parts = try message.parts()
            let bytes = parts.reduce(0) { $0 + $1.count }
            var countedBytes = bytes
            if collector.settings.acknowledged {
                let lostBefore = kept.episodesLost
                kept.keep(firstSequence: nextSequence, episodes: episodes, parts: try parts.map { try $0.sharedCopy() }, bytes: bytes)
                ledger.setKeptTrajectories(kept.bytes)
                keptPeakSinceTrim = max(keptPeakSinceTrim, kept.bytes)
                countedBytes = 0
                if kept.episodesLost != lostBefore {
                    // Room was made for this message: it already carries the loss.
                    let lost = kept.episodesLost
                    parts[0] = try Self.rewrittenHeader(parts[0]) { $0.trajectories.episodesLost = lost }
                }
            }
            trajectoryQueue.append(
                QueuedTrajectories(vectorID: vector.id, firstSequence: nextSequence, parts: parts, episodes: episodes, countedBytes: countedBytes))
            ledger.addQueuedTrajectories(countedBytes)
            nextSequence += UInt64(episodes)
            unsentTrajectories[vector.id, default: 0] += 1
        } catch {
            reportProblem("lost \(episodes) episodes of vector \(vector.id): \(error)")
        }
        sendTrajectories()
    }
}
