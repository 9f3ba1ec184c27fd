import Foundation
import Testing

@testable import Bridge

@Suite("CURVE keys and exposed endpoints")
struct CurveSecurityTests {
    /// A fresh directory under the system's temporary one, removed by the caller.
    private func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "curve-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The message of the `CurveKeyError` that `body` throws.
    private func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch let error as CurveKeyError {
            return error.description
        } catch {
            return "not a CurveKeyError: \(error)"
        }
    }

    @Test func generatedPairsAreZ85AndThePublicHalfIsDerivable() throws {
        try #require(CurveKeys.isAvailable)
        let pair = try CurveKeys.generatePair()
        #expect(CurveKeys.decode(pair.publicKey)?.count == 32)
        #expect(try CurveKeys.publicKey(forSecretKey: pair.secretKey) == pair.publicKey)
        #expect(CurveKeys.decode(String(pair.publicKey.dropLast())) == nil)
        #expect(CurveKeys.decode(String(repeating: "~", count: 40)) == nil)
    }

    @Test func serverOptionsLoadFromFilesAndIgnoreOtherFiles() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try CurveKeys.generatePair()
        let client = try CurveKeys.generatePair()
        try write(server.secretKey + "\n", to: directory + "/server.key")
        try FileManager.default.createDirectory(atPath: directory + "/authorized", withIntermediateDirectories: false)
        try write(client.publicKey + "\n", to: directory + "/authorized/client.pub")
        try write("notes, not a key", to: directory + "/authorized/README")
        let options = try CurveServerOptions(secretKeyFile: directory + "/server.key", authorizedKeysDirectory: directory + "/authorized")
        #expect(options.publicKey == server.publicKey)
        #expect(options.authorizedKeys == [CurveKeys.decode(client.publicKey)!])
    }

    @Test func badKeyFilesAndDirectoriesSayWhatIsWrong() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try CurveKeys.generatePair()
        try write(server.secretKey, to: directory + "/server.key")
        try write("short\n", to: directory + "/bad.key")
        try FileManager.default.createDirectory(atPath: directory + "/empty", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: directory + "/badkeys", withIntermediateDirectories: false)
        try write(String(repeating: "~", count: 40), to: directory + "/badkeys/client.pub")
        let good = directory + "/server.key"
        #expect(
            failure { _ = try CurveServerOptions(secretKeyFile: directory + "/missing.key", authorizedKeysDirectory: directory + "/empty") }
                .contains("does not exist"))
        #expect(
            failure { _ = try CurveServerOptions(secretKeyFile: directory + "/bad.key", authorizedKeysDirectory: directory + "/empty") }
                .contains("is malformed: expected 40 characters of Z85 (as `games keygen` writes), found 5 characters"))
        #expect(
            failure { _ = try CurveServerOptions(secretKeyFile: directory, authorizedKeysDirectory: directory + "/empty") }
                .contains("is a directory"))
        #expect(
            failure { _ = try CurveServerOptions(secretKeyFile: good, authorizedKeysDirectory: directory + "/empty") }
                .contains("holds no .pub file"))
        #expect(
            failure { _ = try CurveServerOptions(secretKeyFile: good, authorizedKeysDirectory: directory + "/nowhere") }
                .contains("is not a directory"))
        #expect(
            failure { _ = try CurveServerOptions(secretKeyFile: good, authorizedKeysDirectory: directory + "/badkeys") }
                .contains("found 40 characters outside Z85's alphabet"))
        if getuid() != 0 {  // root reads any file
            try write(server.secretKey, to: directory + "/locked.key")
            chmod(directory + "/locked.key", 0)
            #expect(
                failure { _ = try CurveServerOptions(secretKeyFile: directory + "/locked.key", authorizedKeysDirectory: directory + "/empty") }
                    .contains("cannot be read"))
        }
    }

    @Test func onlyLoopbackIpcAndInprocEndpointsCountAsLocal() {
        for endpoint in [
            "tcp://127.0.0.1:5555", "tcp://127.0.0.1:*", "tcp://127.1.2.3:80", "tcp://[::1]:5555", "tcp://::1:5555",
            "tcp://localhost:5555", "ipc:///tmp/games.sock", "inproc://games",
        ] {
            #expect(isLoopbackEndpoint(endpoint), "\(endpoint)")
        }
        for endpoint in [
            "tcp://0.0.0.0:5555", "tcp://*:5555", "tcp://[::]:5555", "tcp://192.168.1.2:5555", "tcp://eth0:5555",
            "tcp://127.0.0.1.evil:5555", "tcp://128.0.0.1:5555", "ws://127.0.0.1:5555", "tcp://127.0.0.1", "pgm://eth0;239.0.0.1:5555",
        ] {
            #expect(!isLoopbackEndpoint(endpoint), "\(endpoint)")
        }
    }
}
