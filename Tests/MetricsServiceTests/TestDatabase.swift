import Foundation
import TestSupport
import Testing

@testable import MetricsService

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway nx-27017 (MongoDB wire protocol on SQLite) for one test: its own free port,
/// isolated in-memory databases, its own pid/log files, killed when the test ends.
struct TestDatabase {
    /// The connection string, e.g. `mongodb://127.0.0.1:40123`.
    let uri: String
    /// A random database name, so data never leaks between tests even on a shared server.
    let databaseName: String

    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MetricsServiceTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var executable: URL {
        packageRoot.appendingPathComponent(".venv/bin/nx-27017")
    }

    /// Starts a server, runs `body`, and stops the server whatever happens; waits first for one of the
    /// `DatabaseSlots`, so a parallel run never starts more servers than the cores can bring up.
    @discardableResult
    static func with<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        try await DatabaseSlots.withSlot { try await withOwnServer(body) }
    }

    private static func withOwnServer<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let executable = Self.executable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw SetupError(
                description: "nx-27017 not found at \(executable.path): run make test (or scripts/venv.sh) first")
        }
        let port = try freePort()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nx-test-\(port)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logFile = directory.appendingPathComponent("nx.log")

        let process = Process()
        process.executableURL = executable
        process.currentDirectoryURL = directory
        process.arguments = [
            "--host", "127.0.0.1", "--port", String(port), "--data-dir", "memory",
            "--pid-file", directory.appendingPathComponent("nx.pid").path,
            "--log-file", logFile.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcesses.run(process)
        defer {
            // SIGKILL, not terminate(): a child spawned from the test process was seen to
            // ignore SIGTERM (it inherits the signal state of a runtime thread), and waiting
            // for it would pin a cooperative thread forever. An in-memory store has nothing
            // to flush.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(20)
        while !canConnect(port: port) {
            guard process.isRunning else {
                let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                throw SetupError(description: "nx-27017 exited with \(process.terminationStatus): \(log)")
            }
            guard clock.now < deadline else {
                throw SetupError(description: "nx-27017 did not listen on port \(port) within 20 s")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let name = "test_\(UInt64.random(in: 0...UInt64.max))"
        return try await body(TestDatabase(uri: "mongodb://127.0.0.1:\(port)", databaseName: name))
    }

    /// Starts a server and hands `body` a pool connected to it.
    @discardableResult
    static func withPool<T>(_ body: (MongoPool) async throws -> T) async throws -> T {
        try await with { database in
            let pool = try MongoPool(
                configuration: MongoConfiguration(
                    uri: database.uri, databaseName: database.databaseName, threadCount: 2))
            defer { pool.shutdown() }
            return try await body(pool)
        }
    }

    /// A loopback port that was free a moment ago: bind to port 0 and ask which one we got.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SetupError(description: "socket() failed: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(fd, sockaddrPointer, length) == 0 && getsockname(fd, sockaddrPointer, &length) == 0
            }
        }
        guard bound else { throw SetupError(description: "bind/getsockname failed: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on the loopback port.
    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
