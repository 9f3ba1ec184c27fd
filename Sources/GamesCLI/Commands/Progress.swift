import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal:
/// piped or redirected, a command writes nothing there but errors.
struct ProgressBar {
    let label: String
    let enabled = isatty(STDERR_FILENO) == 1

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = width * min(done, total) / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Writes a line of progress to standard error when it is a terminal; nothing otherwise.
func reportProgress(_ line: String) {
    guard isatty(STDERR_FILENO) == 1 else { return }
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
