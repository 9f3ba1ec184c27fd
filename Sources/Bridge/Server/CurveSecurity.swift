// CURVE (ZeroMQ's elliptic-curve encryption and authentication) for `games serve`: key
// files, the set of clients let in, and the ZAP handler that lets them in.

import CZeroMQ
import Foundation

/// A CURVE key that could not be made, read or used: the message says which file and why.
public struct CurveKeyError: Error, CustomStringConvertible, Sendable {
    /// What was wrong, naming the file or directory and what is expected instead.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// CURVE keys as ZeroMQ prints them: 40 characters of Z85 for a 32-byte key.
public enum CurveKeys {
    /// Characters of a Z85 key.
    public static let textLength = 40

    /// Whether this libzmq was built with CURVE (it needs libsodium or its own TweetNaCl).
    public static var isAvailable: Bool { zmq_has("curve") != 0 }

    /// A new key pair from libzmq's random source, both halves in Z85.
    ///
    /// - Throws: `CurveKeyError` when libzmq has no CURVE support.
    public static func generatePair() throws(CurveKeyError) -> (publicKey: String, secretKey: String) {
        var publicKey = [CChar](repeating: 0, count: textLength + 1)
        var secretKey = [CChar](repeating: 0, count: textLength + 1)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else {
            throw CurveKeyError("this libzmq cannot make CURVE keys (built without libsodium): \(ZMQError("zmq_curve_keypair"))")
        }
        return (string(publicKey), string(secretKey))
    }

    /// The public key that belongs to a Z85 secret key.
    ///
    /// - Throws: `CurveKeyError` when `secretKey` is not 40 characters of Z85.
    public static func publicKey(forSecretKey secretKey: String) throws(CurveKeyError) -> String {
        guard decode(secretKey) != nil else { throw CurveKeyError("not a CURVE secret key: expected \(textLength) characters of Z85") }
        var publicKey = [CChar](repeating: 0, count: textLength + 1)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else {
            throw CurveKeyError("cannot derive the public key: \(ZMQError("zmq_curve_public"))")
        }
        return string(publicKey)
    }

    /// The 32 bytes of a Z85 key, or nil when `text` is not 40 characters of Z85.
    public static func decode(_ text: String) -> [UInt8]? {
        // zmq_z85_decode reads any multiple of 5 characters and checks each against the
        // alphabet, so the length is checked here first.
        guard text.utf8.count == textLength else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        guard zmq_z85_decode(&bytes, text) != nil else { return nil }
        return bytes
    }

    /// The key in a key file (as `games keygen` writes them: the Z85 key and a newline).
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - kind: "secret" or "public", for the messages.
    /// - Throws: `CurveKeyError` when the file is missing, unreadable or holds no such key.
    public static func read(_ path: String, kind: String) throws(CurveKeyError) -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CurveKeyError("CURVE \(kind) key file \(path) does not exist (make a key pair with `games keygen PREFIX`)")
        }
        guard !isDirectory.boolValue else { throw CurveKeyError("CURVE \(kind) key file \(path) is a directory") }
        guard let data = manager.contents(atPath: path) else {
            throw CurveKeyError("CURVE \(kind) key file \(path) cannot be read (check its permissions)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard decode(text) != nil else {
            throw CurveKeyError(
                "CURVE \(kind) key file \(path) is malformed: expected \(textLength) characters of Z85 (as `games keygen` writes), "
                    + "found \(text.count) characters\(text.count == textLength ? " outside Z85's alphabet" : "")")
        }
        return text
    }

    private static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// What makes `BridgeServer` a CURVE server: its secret key, and the public keys of the
/// clients it lets in. Both its sockets encrypt, and a client whose key is not here gets no
/// connection at all (its handshake is refused).
public struct CurveServerOptions: Sendable {
    /// The server's secret key, Z85.
    public let secretKey: String
    /// The server's public key, Z85: clients need it to connect.
    public let publicKey: String
    /// Authorized clients' public keys, 32 bytes each (as ZAP hands them over).
    public let authorizedKeys: Set<[UInt8]>

    /// Options from keys in hand.
    ///
    /// - Parameters:
    ///   - secretKey: the server's secret key, Z85.
    ///   - authorizedKeys: clients' public keys, Z85.
    /// - Throws: `CurveKeyError` for a key that is not Z85, or no authorized key at all.
    public init(secretKey: String, authorizedKeys: [String]) throws(CurveKeyError) {
        publicKey = try CurveKeys.publicKey(forSecretKey: secretKey)
        self.secretKey = secretKey
        var keys = Set<[UInt8]>()
        for key in authorizedKeys {
            guard let bytes = CurveKeys.decode(key) else {
                throw CurveKeyError("not a CURVE public key: expected \(CurveKeys.textLength) characters of Z85, got \(key.count)")
            }
            keys.insert(bytes)
        }
        guard !keys.isEmpty else { throw CurveKeyError("no authorized client keys: no client could connect") }
        self.authorizedKeys = keys
    }

    /// Options from `games serve`'s files: a secret key file and a directory of clients'
    /// `*.pub` files.
    ///
    /// - Throws: `CurveKeyError` for a missing, unreadable or malformed key file, a directory
    ///   that is missing or holds no `.pub` file, or a `.pub` file that holds no public key.
    public init(secretKeyFile: String, authorizedKeysDirectory directory: String) throws(CurveKeyError) {
        let secretKey = try CurveKeys.read(secretKeyFile, kind: "secret")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CurveKeyError("--authorized-keys \(directory) is not a directory (it should hold clients' .pub files)")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CurveKeyError("--authorized-keys \(directory) cannot be read: \(error.localizedDescription)")
        }
        var keys: [String] = []
        for name in names.sorted() where name.hasSuffix(".pub") {
            keys.append(try CurveKeys.read((directory as NSString).appendingPathComponent(name), kind: "public"))
        }
        guard !keys.isEmpty else {
            throw CurveKeyError(
                "--authorized-keys \(directory) holds no .pub file, so no client could connect: copy clients' public keys there (`games keygen PREFIX` writes PREFIX.pub)"
            )
        }
        try self.init(secretKey: secretKey, authorizedKeys: keys)
    }
}

/// Whether binding `endpoint` keeps the server to this machine: a TCP address on the
/// loopback interface (127.0.0.0/8, ::1, localhost), or an ipc:// or inproc:// endpoint.
/// Anything else (a wildcard `*`, another address or interface, another transport) may be
/// reachable from the network.
public func isLoopbackEndpoint(_ endpoint: String) -> Bool {
    if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
    guard endpoint.hasPrefix("tcp://") else { return false }
    var host = Substring(endpoint.dropFirst("tcp://".count))
    // The port follows the last colon; an IPv6 address is bracketed.
    guard let colon = host.lastIndex(of: ":") else { return false }
    host = host[..<colon]
    if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
    if host == "localhost" || host == "::1" { return true }
    let octets = host.split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
}

/// The ZAP handler (ZeroMQ RFC 27): libzmq asks it over inproc, during each handshake on a
/// CURVE server socket of the same context, whether the client's public key may connect.
///
/// It must be bound before any CURVE socket binds: libzmq lets every client in when no
/// handler is bound. Not thread-safe; the server's loop answers it between requests.
final class CurveAuthenticator {
    let socket: ZMQSocket
    private let authorizedKeys: Set<[UInt8]>
    /// Refused keys already reported: a refused client reconnects every 100 ms or so, and
    /// one line per key is enough to tell the operator.
    private var reportedKeys = Set<[UInt8]>()
    private let report: (String) -> Void

    init(_ context: ZMQContext, authorizedKeys: Set<[UInt8]>, report: @escaping (String) -> Void) throws(ZMQError) {
        socket = try ZMQSocket(context, type: .reply)
        try socket.bind("inproc://zeromq.zap.01")
        self.authorizedKeys = authorizedKeys
        self.report = report
    }

    /// Answers the requests waiting, without blocking.
    func answerWaiting() throws(ZMQError) {
        while let request = try socket.receive(dontWait: true) {
            let frames = request.map(\.array)
            try socket.send(try answer(frames).map { text throws(ZMQError) in try ZMQMessage(copying: text) })
        }
    }

    /// The reply frames for a ZAP request: version, request id, domain, address, identity,
    /// mechanism, credentials.
    private func answer(_ frames: [[UInt8]]) -> [[UInt8]] {
        guard frames.count >= 6, frames[0] == Array("1.0".utf8) else {
            return [Array("1.0".utf8), frames.count > 1 ? frames[1] : [], Array("500".utf8), Array("malformed ZAP request".utf8), [], []]
        }
        let mechanism = String(decoding: frames[5], as: UTF8.self)
        let allowed = mechanism == "CURVE" && frames.count == 7 && authorizedKeys.contains(frames[6])
        if !allowed, mechanism == "CURVE", frames.count == 7, reportedKeys.count < 1000, reportedKeys.insert(frames[6]).inserted {
            let address = String(decoding: frames[3], as: UTF8.self)
            report("refused a client at \(address) whose CURVE public key \(z85(frames[6])) is not in --authorized-keys")
        }
        let status = allowed ? "200" : "400"
        let text = allowed ? "OK" : "unknown CURVE public key"
        return [Array("1.0".utf8), frames[1], Array(status.utf8), Array(text.utf8), [], []]
    }

    private func z85(_ key: [UInt8]) -> String {
        guard key.count == 32 else { return "(\(key.count) bytes)" }
        var text = [CChar](repeating: 0, count: CurveKeys.textLength + 1)
        guard zmq_z85_encode(&text, key, key.count) != nil else { return "(unprintable)" }
        return String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
