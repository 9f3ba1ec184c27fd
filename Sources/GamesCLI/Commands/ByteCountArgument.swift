import ArgumentParser
import Bridge

/// A byte count on the command line: `1048576`, `512M`, `4G`, `1.5GiB` (binary units).
struct ByteCountArgument: ExpressibleByArgument, CustomStringConvertible {
    let bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        guard let bytes = ByteCount.parse(argument) else { return nil }
        self.bytes = bytes
    }

    var description: String { ByteCount.describe(bytes) }
}
