import CLibFuzzer
import Foundation

/// What every fuzz target's `main.swift` runs: libFuzzer's driver on the target's test
/// function, or, with `--write-seeds DIR`, the target's seed corpus written to `DIR`.
public enum FuzzTarget {
    /// A libFuzzer test function: reads one input and returns 0 (a crash is the finding).
    public typealias TestFunction = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// Runs `test` under libFuzzer with the process's arguments (`-runs=N`, corpus
    /// directories; see https://llvm.org/docs/LibFuzzer.html), or writes `seeds()` when the
    /// arguments are `--write-seeds DIR`. Never returns.
    public static func main(test: TestFunction, seeds: () -> [String: [UInt8]]) -> Never {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            exit(write(seeds(), to: arguments[2]))
        }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }

    /// The bytes of one input, for a test function to read.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> FuzzBytes {
        guard let data, size > 0 else { return FuzzBytes([]) }
        return FuzzBytes(Array(UnsafeBufferPointer(start: data, count: size)))
    }

    private static func write(_ seeds: [String: [UInt8]], to directory: String) -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, bytes) in seeds {
                try Data(bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
            }
            print("wrote \(seeds.count) seeds to \(directory)")
            return 0
        } catch {
            FileHandle.standardError.write(Data("cannot write seeds to \(directory): \(error)\n".utf8))
            return 1
        }
    }
}
