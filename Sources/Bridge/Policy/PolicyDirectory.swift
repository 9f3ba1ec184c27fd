import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The directory of policy files that clients may name as `tabular:NAME` opponents
/// (`games serve --policy-dir`).
///
/// A client names a file, never a path: the name is resolved inside the directory, with
/// symbolic links followed, and must end up as a readable regular file inside it. Every
/// name that does not is refused with the same sentence (`refusal`), so that a client
/// learns nothing about files it may not read, not even whether they exist.
struct PolicyDirectory: Sendable {
    /// The directory, as an absolute path without symbolic links.
    let root: String

    /// - Throws: `BridgeError` (`invalidArgument`) when `path` is not a directory.
    init(_ path: String) throws(BridgeError) {
        guard let resolved = Self.realPath(path) else {
            throw .invalid("the policy directory \(path) does not exist")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .invalid("the policy directory \(path) is not a directory")
        }
        root = resolved
    }

    /// The file `name` stands for, or nil when it names nothing a client may read: a name
    /// with `..`, an absolute path, a path that leaves the directory through a symbolic link,
    /// a missing or unreadable file, or something other than a regular file.
    func file(named name: String) -> String? {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\0"),
            !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
        else { return nil }
        guard let resolved = Self.realPath(root + "/" + name), resolved.hasPrefix(root + "/") else { return nil }
        var status = stat()
        guard stat(resolved, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(resolved, R_OK) == 0 else { return nil }
        return resolved
    }

    /// The one answer to every refused name (it does not even repeat the name).
    static let refusal =
        "this tabular opponent is not available: a tabular opponent names a policy file, by its "
        + "name, in the directory the server offers them from (its --policy-dir)"

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
