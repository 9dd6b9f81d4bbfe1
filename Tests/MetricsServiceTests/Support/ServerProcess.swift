import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The built `agent-metrics` binary running as a child process, with its log captured so tests
/// can wait for lines such as `port=NNNN` instead of sleeping.
final class ServerProcess: @unchecked Sendable {
    // Safety: `log` and `ended` are guarded by `lock` (written by the log's reader thread only); `process`,
    // `arrived` and `watched` are set in init and only read afterwards (Process and DispatchSemaphore are
    // thread-safe for these calls).
    private let process = Process()
    private let lock = NSLock()
    private var log = ""
    private var ended = false
    private let arrived = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    /// Signalled when stderr reaches end of file, so everything the process wrote has been read.
    private let drained = DispatchSemaphore(value: 0)
    /// The descriptors the child's exit is seen through (its stderr pipe, `Process`'s socket), for a diagnosis.
    private var watched: [String] = []

    /// The `agent-metrics` built beside this test bundle (`swift build --build-tests` builds it).
    static var binary: URL { URL(fileURLWithPath: BuiltProducts.path(of: "agent-metrics")) }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the binary with `arguments`; `environment` is added to this process's own.
    init(arguments: [String], environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw Failure(
                description: "\(Self.binary.path) missing: run swift build --build-tests (same scratch path) first")
        }
        process.executableURL = Self.binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let errors = ChildProcesses.pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.terminationHandler = { [exited] _ in exited.signal() }
        let reading = errors.fileHandleForReading
        let pipe = ProcessDiagnosis.target(pid: "self", fd: String(reading.fileDescriptor))
        try ChildProcesses.run(process)
        watched = (pipe.map { [$0] } ?? []) + ProcessDiagnosis.sockets(of: process.processIdentifier)
        // Not `readabilityHandler`: on Linux its dispatch read source sometimes never reports end of file
        // (swift-corelibs-foundation #3275). In parallel runs a child that had exited and been reaped, with no
        // write end of its stderr left anywhere, kept `awaitExit` waiting its whole minute for the log's end.
        // A blocking read returns 0 exactly when the last write end closes. Like the handler it replaces, the
        // thread keeps this object alive until then.
        Thread.detachNewThread { [self] in readLog(from: reading) }
    }

    /// Appends what the child writes to stderr to `log` until end of file, then marks the log ended.
    private func readLog(from handle: FileHandle) {
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            lock.withLock { log += text }
            arrived.signal()
        }
        lock.withLock { ended = true }
        drained.signal()
        arrived.signal()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var output: String { lock.withLock { log } }

    /// The process id, for `/proc` readings.
    var pid: Int32 { process.processIdentifier }

    /// Resident memory in KiB, from `/proc/PID/status`.
    var residentKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Waits until the log matches `predicate`, returning its result, or fails after `timeout`.
    func waitForLog<T>(timeout: Duration = .seconds(20), _ predicate: (String) -> T?) throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = predicate(output) { return found }
            let left = deadline - ContinuousClock.now
            guard left > .zero, process.isRunning || !output.isEmpty else { break }
            let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
            if arrived.wait(timeout: .now() + seconds) == .timedOut { break }
        }
        throw Failure(description: "log never matched; log:\n\(output)")
    }

    /// `waitForLog` for async tests: no thread is blocked while waiting. Nothing notifies an async
    /// caller of new output, so the log is polled every 20 ms until `timeout`.
    func awaitLog<T>(timeout: Duration = .seconds(20), _ predicate: (String) -> T?) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let found = predicate(output) { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        if let found = predicate(output) { return found }
        throw Failure(description: "log never matched within \(timeout); log:\n\(output)")
    }

    /// `waitForExit` for async tests: polls every 20 ms; the exit status (negated signal number when
    /// killed), after reading the log to its end, or nil when still running after `timeout` (generous: a busy
    /// machine can delay the exit notice and the log's end by many seconds); then `output` ends with a
    /// `ProcessDiagnosis` of why.
    func awaitExit(timeout: Duration = .seconds(60)) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning || !lock.withLock({ ended }) {
            guard clock.now < deadline else {
                let diagnosis = ProcessDiagnosis.describe(pid: pid, watched: watched)
                lock.withLock {
                    log += "\n[not seen to exit: running \(process.isRunning), log ended \(ended)]\n\(diagnosis)\n"
                }
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }

    /// The port from the server's `listening` log line, in the text (`port=N`) or JSON (`"port":"N"`) format.
    func listeningPort() throws -> Int {
        try waitForLog { log in
            guard let range = log.range(of: "port=") ?? log.range(of: #""port":""#) else { return nil }
            let digits = log[range.upperBound...].prefix { $0.isNumber }
            return Int(digits)
        }
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for exit; nil when it did not exit within `timeout`.
    func waitForExit(timeout: Double = 15) -> Int32? {
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        // The exit can be seen before the last bytes of its log: read to the end first.
        _ = drained.wait(timeout: .now() + 5)
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }
}
