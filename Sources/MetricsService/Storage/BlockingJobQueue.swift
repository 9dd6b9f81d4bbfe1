#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Queue and lifecycle flag shared with the worker threads. Worker threads retain this, not
/// the pool, so dropping the last reference to the pool can still stop them.
final class BlockingJobQueue: @unchecked Sendable {
    // Safety: every stored var is read and written only while `lock` is held.
    let lock = ConditionLock()
    var jobs: [@Sendable () -> Void] = []
    var head = 0
    var isShuttingDown = false
    var threads: [pthread_t] = []
    var joined = false

    /// Blocks until a job is available; returns nil once shut down and drained.
    func nextJob() -> (@Sendable () -> Void)? {
        lock.withLock {
            while head == jobs.count && !isShuttingDown {
                lock.waitLocked()
            }
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            // Compact occasionally so the array does not grow forever under steady load.
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 && head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }
}
