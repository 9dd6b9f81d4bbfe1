#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

import HTTPCore

/// Queue and lifecycle flag shared with the worker threads. Worker threads retain this, not
/// the pool, so dropping the last reference to the pool can still stop them.
final class BlockingJobQueue: @unchecked Sendable {
    // Safety: every stored var is read and written only while `lock` is held.
    let lock = PThreadLock()
    var jobs: [QueuedJob] = []
    var head = 0
    var isShuttingDown = false
    var threads: [PThread] = []
    var joined = false
    /// Jobs running on a thread now.
    var running = 0
    /// Worker threads waiting for a job, the most recently idle last; it is the one woken next, so under light
    /// load one thread with warm caches serves request after request instead of each going to a cold one.
    var idle: [Int] = []
    /// One condition per worker thread, so a chosen thread can be woken.
    let wakeups: [PThreadCondition]

    /// A queue for `threadCount` worker threads, numbered from 0.
    init(threadCount: Int) {
        wakeups = (0..<threadCount).map { _ in PThreadCondition() }
        idle.reserveCapacity(threadCount)
    }

    /// A job and what to do instead when it waited too long.
    struct QueuedJob {
        var run: @Sendable () -> Void
        /// Called instead of `run` once the job has waited past its deadline.
        var expire: @Sendable () -> Void
        /// `Monotonic.now()` after which the job must not start.
        var deadline: UInt64
    }

    /// Jobs waiting for a thread.
    var waiting: Int { jobs.count - head }

    /// Blocks worker thread `worker` until a job is available; returns nil once shut down and drained. A job
    /// past its deadline comes back as its `expire` action, so callers run whichever closure they get; `runs`
    /// is true for a job that counts as running until the caller reports it, which it does by passing
    /// `finishedRunning: true` to its next call (one lock per job, not two).
    func nextJob(worker: Int, finishedRunning: Bool) -> (job: @Sendable () -> Void, runs: Bool)? {
        lock.withLock {
            if finishedRunning { running -= 1 }
            while head == jobs.count && !isShuttingDown {
                idle.append(worker)
                wakeups[worker].wait(holding: lock)
                // Woken by `wakeOneLocked` it is off the stack already; spuriously or at shutdown it is not.
                if let index = idle.lastIndex(of: worker) { idle.remove(at: index) }
            }
            guard head < jobs.count else { return nil }
            let job = popLocked()
            guard Monotonic.now() <= job.deadline else { return (job.expire, false) }
            running += 1
            return (job.run, true)
        }
    }

    /// Removes and returns every job at the front whose deadline has passed, and the deadline of
    /// the first one left (nil when none is waiting). For the reaper thread.
    func takeExpired(now: UInt64) -> (expired: [@Sendable () -> Void], nextDeadline: UInt64?) {
        lock.withLock {
            var expired: [@Sendable () -> Void] = []
            // FIFO with one wait limit: deadlines are in queue order, so only the front can be due.
            while head < jobs.count && jobs[head].deadline < now {
                expired.append(popLocked().expire)
            }
            return (expired, head < jobs.count ? jobs[head].deadline : nil)
        }
    }

    /// Takes the most recently idle worker thread off the idle stack and returns its condition, for the caller
    /// to signal once it has released `lock`: signalled under the lock, the thread would wake only to block on
    /// the mutex still held (a context switch and two `futex` calls more per job). Call with `lock` held,
    /// after queueing a job. Nil when every thread is busy: a thread that is not on the idle stack is running a
    /// job or about to look at the queue, so the job is still taken. A thread picked here and woken spuriously
    /// before the signal takes the job anyway; the late signal then finds it idle again and wakes it once for
    /// nothing, which its wait loop absorbs.
    func pickIdleLocked() -> PThreadCondition? {
        idle.popLast().map { wakeups[$0] }
    }

    /// Wakes every worker thread (at shutdown). Call with `lock` held.
    func wakeAllLocked() {
        for wakeup in wakeups { wakeup.signal() }
    }

    /// Worker threads waiting for a job now.
    var idleCount: Int { lock.withLock { idle.count } }

    private func popLocked() -> QueuedJob {
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
