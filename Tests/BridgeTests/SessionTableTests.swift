import Testing

@testable import Bridge

@Suite("Sessions")
struct SessionTableTests {
    @Test func tokensAreSixteenRandomBytesAndDistinct() throws {
        var table = SessionTable()
        let tokens = try (0..<200).map { _ in try table.open(now: 0, limit: 1000) }
        #expect(tokens.allSatisfy { $0.count == SessionTable.tokenBytes })
        #expect(Set(tokens).count == tokens.count)
        // 200 x 16 bytes: every byte value should turn up (a stuck generator would not).
        #expect(Set(tokens.joined()).count > 200)
    }

    @Test func aSessionKeepsItsVectorsInOrder() throws {
        var table = SessionTable()
        let token = try table.open(now: 0, limit: 10)
        table.add(vector: 7, to: token)
        table.add(vector: 3, to: token)
        table.add(vector: 9, to: token)
        table.remove(vector: 3, from: token)
        #expect(try table.use(token, now: 1) == [7, 9])
    }

    @Test func anUnknownTokenIsRefusedTheSameWayWhateverItIs() throws {
        var table = SessionTable()
        _ = try table.open(now: 0, limit: 10)
        for token in [[UInt8](), [UInt8](repeating: 0, count: 16), [UInt8](repeating: 255, count: 40)] {
            #expect(throws: BridgeError.self) { try table.use(token, now: 0) }
            do {
                _ = try table.use(token, now: 0)
            } catch {
                #expect(error.code == .unknownSession)
                #expect(error.message.hasPrefix("no open session has this token"))
            }
        }
    }

    @Test func openingPastTheLimitNamesTheFlag() throws {
        var table = SessionTable()
        for _ in 0..<3 { _ = try table.open(now: 0, limit: 3) }
        do {
            _ = try table.open(now: 0, limit: 3)
            Issue.record("a fourth session was opened past the limit of 3")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("--max-sessions"))
        }
    }

    @Test func onlyIdleSessionsWithoutVectorsEnd() throws {
        var table = SessionTable()
        let idle = try table.open(now: 0, limit: 10)
        let holding = try table.open(now: 0, limit: 10)
        let recent = try table.open(now: 0, limit: 10)
        table.add(vector: 1, to: holding)
        _ = try table.use(recent, now: 9)
        table.endIdle(now: 10, idleTimeout: 5)
        #expect(table.sessions.keys.sorted { $0.lexicographicallyPrecedes($1) } == [holding, recent].sorted { $0.lexicographicallyPrecedes($1) })
        do {
            _ = try table.use(idle, now: 10)
            Issue.record("an ended session was used")
        } catch {
            #expect(error.code == .unknownSession)
            #expect(error.message.contains("--idle-timeout"))
        }
        // With no idle timeout, nothing ends.
        table.endIdle(now: 1e9, idleTimeout: 0)
        #expect(table.sessions.count == 2)
    }

    @Test func ownersOfSessionsAndConnectionsNeverCollide() {
        let bytes: [UInt8] = [1, 2, 3]
        #expect(VectorOwner.session(bytes) != VectorOwner.connection(bytes))
        #expect(VectorOwner.session(bytes).sessionToken == bytes)
        #expect(VectorOwner.connection(bytes).sessionToken == nil)
    }
}
