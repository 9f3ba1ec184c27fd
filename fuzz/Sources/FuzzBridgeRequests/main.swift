import Foundation
import FuzzSupport

// Fuzzes what `games serve` does with each request a client sends: frame and header
// decoding (the protobuf messages), array and text references, vector options, and the
// steps a valid request leads to, against a real server in this process.
// Finding: a crash or sanitizer report in the server, or a reply that is not a protocol
// message answering the request.
//
// Input: a few requests (`RequestSequence`). Vector ids below the number of vectors the
// input made so far name those vectors (the server numbers vectors across inputs), a
// one-byte session token names the session the input opened with that index, and every
// vector an input made is closed after it.
@testable import Bridge

nonisolated(unsafe) var sharedClient: FuzzClient?

/// Replaces a small vector id by the id of the vector the input made with that index, and a
/// one-byte session token by the token of the session the input opened with that index.
func resolvingReferences(_ frames: [[UInt8]], made: [UInt64], sessions: [Data]) -> [[UInt8]] {
    guard let first = frames.first, var header = try? WireHeader(serializedBytes: first) else { return frames }
    func resolve(_ id: inout UInt64) { if id < UInt64(made.count) { id = made[Int(id)] } }
    func resolve(_ token: inout Data) {
        if token.count == 1, Int(token[token.startIndex]) < sessions.count { token = sessions[Int(token[token.startIndex])] }
    }
    resolve(&header.session)
    switch header.body {
    case .reset(var request): resolve(&request.vectorID); header.reset = request
    case .step(var request): resolve(&request.vectorID); header.step = request
    case .close(var request): resolve(&request.vectorID); header.close = request
    case .sessionRequest(var request): resolve(&request.token); header.sessionRequest = request
    default: break
    }
    guard let bytes: [UInt8] = try? header.serializedBytes() else { return frames }
    return [bytes] + frames.dropFirst()
}

/// Stops the run unless `reply` is a reply to the request `frames` (errors may not know the
/// request's id: its header may be unreadable).
func check(_ reply: IncomingMessage, answers frames: [[UInt8]]) {
    guard reply.header.isReply else { fatalError("the server sent a message that is not a reply") }
    if let first = frames.first, let request = try? WireHeader(serializedBytes: first), first.count < 65_536 {
        guard reply.header.requestID == request.requestID || reply.header.kind == .error else {
            fatalError("the reply's request id \(reply.header.requestID) is not the request's \(request.requestID)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    do {
        if sharedClient == nil { sharedClient = try FuzzClient() }
        guard let client = sharedClient else { return 0 }
        var input = FuzzTarget.bytes(data, size)
        var made: [UInt64] = []
        // The session each vector was made in (empty: the connection's), to close it after.
        var owners: [Data] = []
        var sessions: [Data] = []
        for frames in RequestSequence.messages(&input) {
            // An empty first frame is a REQ socket's delimiter: the header comes after it.
            let delimiter = frames.count > 1 && frames[0].isEmpty ? [frames[0]] : []
            let body = resolvingReferences(Array(frames.dropFirst(delimiter.count)), made: made, sessions: sessions)
            guard let reply = try client.request(delimiter + body) else { continue }
            check(reply, answers: body)
            switch reply.header.body {
            case .makeReply(let makeReply)?:
                made.append(makeReply.vectorID)
                owners.append(body.first.flatMap { try? WireHeader(serializedBytes: $0) }?.session ?? Data())
            case .sessionReply(let sessionReply)? where !sessions.contains(sessionReply.token): sessions.append(sessionReply.token)
            default: break
            }
        }
        for (id, owner) in zip(made, owners) {
            var close = OutgoingMessage(kind: .close, requestID: 0, isReply: false)
            close.header.close = WireCloseRequest.with { $0.vectorID = id }
            close.header.session = owner
            _ = try client.request(try close.parts().map(\.array))
        }
    } catch {
        fatalError("the fuzz client failed: \(error)")
    }
    return 0
}

FuzzTarget.main(test: testOneInput, seeds: Seeds.all)
