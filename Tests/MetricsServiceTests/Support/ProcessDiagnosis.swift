import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `/proc` says about a child that was not seen to exit in time: its state (a `Z` is a child that exited
/// but whose exit this process has not collected), its threads' wait channels, and which processes still hold
/// the descriptors its exit is noticed through (the write end of its stderr pipe, the socket Foundation's
/// `Process` watches).
enum ProcessDiagnosis {
    /// The link target (`pipe:[N]`, `socket:[N]`) of descriptor `fd` of process `pid` (`self` for this one).
    static func target(pid: String, fd: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = readlink("/proc/\(pid)/fd/\(fd)", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The sockets among `pid`'s descriptors (right after it starts: only the one `Process` watches).
    static func sockets(of pid: Int32) -> [String] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.compactMap { target(pid: String(pid), fd: $0) }.filter { $0.hasPrefix("socket:") }
    }

    static func describe(pid: Int32, watched: [String]) -> String {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        let state = stat.range(of: ") ").map { String(stat[$0.upperBound...].prefix(1)) } ?? "gone"
        var lines = ["pid \(pid) state \(state)"]
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for task in tasks.sorted() {
            let comm = Self.read("/proc/\(pid)/task/\(task)/comm")
            lines.append("  thread \(task) \(comm) waits in \(Self.read("/proc/\(pid)/task/\(task)/wchan"))")
        }
        let processes = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [])
            .filter { $0.allSatisfy(\.isNumber) }
        for process in processes {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process)/fd")) ?? []
            for fd in fds {
                guard let link = target(pid: process, fd: fd), watched.contains(link) else { continue }
                let command = Self.read("/proc/\(process)/cmdline").replacingOccurrences(of: "\0", with: " ")
                let mode = Self.accessMode(pid: process, fd: fd)
                lines.append("  \(link) held by pid \(process) fd \(fd) (\(mode)): \(command.prefix(160))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "read", "write" or "read-write", from the octal `flags:` line of `/proc/PID/fdinfo/FD`.
    private static func accessMode(pid: String, fd: String) -> String {
        let info = Self.read("/proc/\(pid)/fdinfo/\(fd)").split(separator: "\n")
        guard let line = info.first(where: { $0.hasPrefix("flags:") }),
            let flags = Int(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        else { return "?" }
        switch flags & 3 {
        case 0: return "read"
        case 1: return "write"
        default: return "read-write"
        }
    }

    private static func read(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
