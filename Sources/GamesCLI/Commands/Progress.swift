import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal:
/// piped or redirected, a command writes nothing there but errors.
///
/// The bar redraws its line in place and erases it when the work is done, so the terminal
/// keeps only the command's output.
struct ProgressBar {
    let label: String
    let enabled = isatty(STDERR_FILENO) == 1

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        guard done < total else { return clear() }
        let width = 30
        let filled = width * max(done, 0) / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    }

    /// Erases the bar, e.g. before a line of output that would otherwise follow it.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Writes a line of progress to standard error when it is a terminal; nothing otherwise.
func reportProgress(_ line: String) {
    guard isatty(STDERR_FILENO) == 1 else { return }
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
