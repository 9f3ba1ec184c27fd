import ArgumentParser
import Bridge
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `games keygen`: a CURVE key pair for `games serve --curve-secret-key` and its clients.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a CURVE key pair for an encrypted, authenticated `games serve` (docs/protocol.md, Security).",
        discussion: """
            Writes PREFIX.key (the secret key, readable by its owner only) and PREFIX.pub (the public key), \
            each 40 characters of Z85 and a newline. A server uses its .key with --curve-secret-key and gives \
            its .pub to clients; a client's .pub goes into the server's --authorized-keys directory. \
            Existing files are never overwritten.
            """
    )

    @Argument(help: ArgumentHelp("Path and name of the two files, without .key/.pub.", valueName: "out-prefix"))
    var outPrefix: String

    func run() throws {
        let secretPath = outPrefix + ".key"
        let publicPath = outPrefix + ".pub"
        // Both checked before either is written, so a refusal leaves no half of a pair behind.
        for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw CommandError("\(path) already exists; not overwriting it (choose another prefix, or remove the old pair first)")
        }
        let pair: (publicKey: String, secretKey: String)
        do {
            pair = try CurveKeys.generatePair()
        } catch {
            throw CommandError(error.description)
        }
        try write(pair.secretKey + "\n", to: secretPath, mode: 0o600)
        do {
            try write(pair.publicKey + "\n", to: publicPath, mode: 0o644)
        } catch {
            // A secret key without its public half is of no use; leave the prefix free.
            unlink(secretPath)
            throw error
        }
        print("games keygen: wrote \(secretPath) (secret: keep it private) and \(publicPath) (public key \(pair.publicKey))")
    }

    /// Creates `path` with `mode` from the start (O_EXCL: never an existing file, and no
    /// moment in which a secret key is readable by others), and writes `text`.
    private func write(_ text: String, to path: String, mode: mode_t) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw CommandError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // The umask may have taken bits away from a public key's mode; set it as asked.
        fchmod(descriptor, mode)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw CommandError("cannot write \(path): \(reason)")
        }
    }
}
