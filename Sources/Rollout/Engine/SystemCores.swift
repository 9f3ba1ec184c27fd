import Foundation

/// The number of cores this process may use.
enum SystemCores {
    static var count: Int { ProcessInfo.processInfo.activeProcessorCount }
}
