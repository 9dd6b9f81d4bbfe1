import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// An nx-27017 that a test can kill and start again on the same port, keeping its data in a
/// directory so it survives the restart (as a real MongoDB's would).
final class RestartableDatabase {
    let port: Int
    let directory: URL
    private var process: Process?

    var uri: String { "mongodb://127.0.0.1:\(port)" }

    init() throws {
        port = try TestDatabase.freePort()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nx-restart-\(port)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts the server and returns once it accepts connections.
    func start() async throws {
        let process = Process()
        process.executableURL = TestDatabase.executable
        process.currentDirectoryURL = directory
        process.arguments = [
            "--host", "127.0.0.1", "--port", String(port), "--data-dir", directory.appendingPathComponent("data").path,
            "--pid-file", directory.appendingPathComponent("nx.pid").path,
            "--log-file", directory.appendingPathComponent("nx.log").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcesses.run(process)
        self.process = process
        let deadline = ContinuousClock.now + .seconds(20)
        while !TestDatabase.canConnect(port: port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw TestDatabase.SetupError(description: "nx-27017 did not come up on port \(port)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing answers, like a stalled
    /// database. `resume()` continues it.
    func pause() {
        if let process { Glibc.kill(process.processIdentifier, SIGSTOP) }
    }

    func resume() {
        if let process { Glibc.kill(process.processIdentifier, SIGCONT) }
    }

    /// Kills the server outright, as a crash or an outage would.
    func kill() {
        guard let process else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        Glibc.kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        self.process = nil
    }
}
