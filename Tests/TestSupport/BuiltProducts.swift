#if canImport(Glibc)
    import Glibc
#endif

/// Where SwiftPM put the products of the build that produced the running test bundle.
///
/// `swift test` runs the bundle from its build's products folder (`.build/debug`, `.build-tsan/debug`,
/// or wherever `--scratch-path` and the configuration point), and every executable product of that
/// same build sits beside it. Tests that start `agent-metrics` as a process take it from here, so a
/// ThreadSanitizer or release test run never starts a stale debug binary from another folder.
public enum BuiltProducts {
    /// The folder holding the running test bundle, read from `/proc/self/exe`.
    public static let directory: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        precondition(length > 0, "readlink(/proc/self/exe) failed: errno \(errno)")
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }()

    /// The path of the executable product `name` from this build (it may not exist if it was not built).
    public static func path(of name: String) -> String { directory + "/" + name }
}
