import Foundation

/// Runs a real client program (curl, openssl, python3) and collects what it printed.
public struct ExternalProcess {
    public var status: Int32
    public var output: String
    public var errorOutput: String

    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> ExternalProcess
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = ChildProcesses.pipe()
        let stderr = ChildProcesses.pipe()
        let stdin = ChildProcesses.pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try ChildProcesses.run(process)
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting so a chatty child never blocks on a full pipe.
        let errorData = LockedData()
        let errorDone = DispatchSemaphore(value: 0)
        let errorReader = Thread {
            errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
            errorDone.signal()
        }
        errorReader.start()
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorDone.wait()
        return ExternalProcess(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errorOutput: String(decoding: errorData.value, as: UTF8.self)
        )
    }
}

private final class LockedData: @unchecked Sendable {
    // Safety: every access goes through `lock`.
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data ?? Data() } }
}
