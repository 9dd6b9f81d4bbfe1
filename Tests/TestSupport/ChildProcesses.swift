import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Pipes and child processes for tests, made so that no child inherits another test's pipe.
///
/// Foundation's `Pipe()` calls `pipe()` without `O_CLOEXEC`, and `Process.run()` closes in the child only the
/// descriptors it saw in `/proc/self/fd` a moment before spawning. In a parallel run a pipe made by one test in
/// that moment was inherited by a child another test started: an nx-27017 living for its whole test kept the
/// write end of a `ServerProcess`'s stderr open, so that log never reached end of file and `awaitExit` (and
/// `ExternalProcess.run`'s read to end of file) waited out their limits although the child had exited.
/// Here pipes are made close-on-exec and children are started under one lock, so neither can interleave.
public enum ChildProcesses {
    private static let lock = NSLock()

    /// A pipe whose two descriptors are close-on-exec (a child gets its end through `Process`'s dup2).
    public static func pipe() -> Pipe {
        lock.withLock {
            let pipe = Pipe()
            _ = fcntl(pipe.fileHandleForReading.fileDescriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipe.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
            return pipe
        }
    }

    /// Starts `process`; never while a pipe is being made.
    public static func run(_ process: Process) throws {
        try lock.withLock { try process.run() }
    }
}
