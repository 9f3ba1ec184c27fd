/// Byte counts as people write them on a command line (`512M`, `4G`, `1.5GiB`) and as the
/// server writes them in error messages (`47.2 MiB`).
public enum ByteCount {
    /// The number of bytes `text` names: digits (with an optional fraction) and an optional
    /// binary suffix, K, M, G or T (KiB = 1024 bytes and so on; `KB`, `KiB` and `k` read
    /// the same), or none for bytes.
    ///
    /// - Returns: nil for anything else, a negative number, or more than `Int.max` bytes.
    public static func parse(_ text: String) -> Int? {
        var number = Substring(text.filter { $0 != " " && $0 != "_" })
        var unit = 1.0
        for (suffixes, scale) in suffixTable {
            if let suffix = suffixes.first(where: { number.lowercased().hasSuffix($0) }) {
                number = number.dropLast(suffix.count)
                unit = scale
                break
            }
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value.isFinite, value >= 0
        else { return nil }
        let bytes = (value * unit).rounded()
        guard bytes < 9.2e18 else { return nil }
        return Int(bytes)
    }

    /// `bytes` in the largest binary unit that keeps it at or above 1, e.g. `47.2 MiB`.
    public static func describe(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var index = 0
        while abs(value) >= 1024 && index < units.count - 1 {
            value /= 1024
            index += 1
        }
        if index == 0 { return "\(bytes) B" }
        let tenths = (value * 10).rounded() / 10
        return "\(tenths) \(units[index])"
    }

    /// Longest suffixes first within each scale, so `kib` is not read as `b`.
    private static let suffixTable: [([String], Double)] = [
        (["tib", "tb", "t"], 1_099_511_627_776),
        (["gib", "gb", "g"], 1_073_741_824),
        (["mib", "mb", "m"], 1_048_576),
        (["kib", "kb", "k"], 1024),
        (["b"], 1),
    ]
}
