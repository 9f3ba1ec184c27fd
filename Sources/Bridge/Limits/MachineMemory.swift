import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// How much memory this process may use: physical memory, the address-space limit
/// (`ulimit -v`) and the control group's limit, whichever is smallest.
///
/// `games serve` takes half of it as its default memory budget (`--max-memory`): the
/// budget counts estimates of what vectors and queues hold, and the process also needs room
/// for its code, thread stacks, the allocator's slack and one request in flight.
public enum MachineMemory {
    /// Physical memory in bytes (`sysconf`), or nil when the system does not say.
    public static var physicalBytes: Int? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return nil }
        return pages.multipliedReportingOverflow(by: pageSize).overflow ? Int.max : pages * pageSize
    }

    /// The soft address-space limit (`RLIMIT_AS`, `ulimit -v`), or nil when there is none.
    public static var addressSpaceLimit: Int? {
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
        #else
            let resource = RLIMIT_AS
        #endif
        // RLIM_INFINITY is all ones, which Swift cannot import as a constant.
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return limit.rlim_cur > UInt64(Int.max) ? nil : Int(limit.rlim_cur)
    }

    /// The memory limit of the process's control group (cgroup v2 `memory.max`), or nil.
    public static var controlGroupLimit: Int? {
        // "0::/some/path" names the group in the unified (v2) hierarchy.
        guard let groups = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
            let line = groups.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        else { return nil }
        let path = "/sys/fs/cgroup" + line.dropFirst(3) + "/memory.max"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))  // "max": no limit
    }

    /// The smallest of physical memory, the address-space limit and the control group's.
    public static var availableBytes: Int? {
        [physicalBytes, addressSpaceLimit, controlGroupLimit].compactMap { $0 }.min()
    }

    /// Half of `availableBytes`, or 4 GiB when the system says nothing.
    public static var defaultBudget: Int {
        (availableBytes ?? 8 << 30) / 2
    }
}
