#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

import CoreMetrics
import HTTPCore

/// A fixed set of dedicated pthreads that run blocking work (libmongoc calls) off the Swift
/// cooperative pool and off the event loops, handing results back as `async` values.
///
/// Jobs queue in FIFO order; at most `threadCount` run at once. The queue is bounded: past
/// `queueLimit` waiting jobs, `run` fails at once with `StorageError.overloaded`, and a job that
/// waits longer than `maximumWait` for a thread fails the same way without running. A reaper
/// thread expires waiting jobs on time even while every worker thread is blocked (a stalled
/// database), so memory and latency stay bounded whatever the database does.
public final class BlockingThreadPool: Sendable {
    private let state: BlockingJobQueue
    private let reaperWake = PThreadLock()
    private let reaperStop = LockedValue(false)
    private let waitTimer: CoreMetrics.Timer?

    /// Number of worker threads.
    public let threadCount: Int
    /// Most jobs that may wait for a thread.
    public let queueLimit: Int
    /// Longest a job may wait for a thread before it fails instead of starting.
    public let maximumWait: Duration

    /// Starts `threadCount` worker threads (at least one) and the reaper.
    /// - Parameter waitTimer: records how long each job that ran waited for its thread.
    public init(
        threadCount: Int, queueLimit: Int = .max, maximumWait: Duration = .seconds(3600),
        waitTimer: CoreMetrics.Timer? = nil
    ) {
        self.waitTimer = waitTimer
        self.threadCount = max(1, threadCount)
        state = BlockingJobQueue(threadCount: self.threadCount)
        self.queueLimit = max(0, queueLimit)
        self.maximumWait = maximumWait
        var threads: [PThread] = []
        for index in 0..<self.threadCount {
            threads.append(
                PThread.spawn(name: "blocking-\(index)") { [state] in
                    var finishedRunning = false
                    while let (job, runs) = state.nextJob(worker: index, finishedRunning: finishedRunning) {
                        job()
                        finishedRunning = runs
                    }
                })
        }
        threads.append(
            PThread.spawn(name: "blocking-reaper") { [state, reaperWake, reaperStop, maximumWait] in
                Self.reap(state, wake: reaperWake, stop: reaperStop, maximumWait: Monotonic.nanoseconds(maximumWait))
            })
        state.lock.withLock { state.threads = threads }
    }

    deinit {
        shutdown()
    }

    /// Jobs waiting for a thread now.
    var waitingJobs: Int { state.lock.withLock { state.waiting } }

    /// Worker threads waiting for a job now.
    var idleThreads: Int { state.idleCount }

    /// Jobs running and jobs waiting, read together.
    public var usage: (running: Int, waiting: Int) { state.lock.withLock { (state.running, state.waiting) } }

    /// Runs `body` on one of the pool's threads and returns its result or rethrows its error.
    ///
    /// Throws `StorageError.overloaded` when `queueLimit` jobs are already waiting or when this
    /// one waited past `maximumWait` (then `body` never runs), and `StorageError.unavailable` if
    /// the pool has been shut down. Task cancellation is not observed: a blocking call cannot be
    /// interrupted, so the caller waits for it.
    public func run<T: Sendable>(_ body: @Sendable @escaping () throws -> T) async throws -> T {
        let deadline = Monotonic.now() &+ Monotonic.nanoseconds(maximumWait)
        let limit = queueLimit
        let wait = maximumWait
        let waitTimer = self.waitTimer
        let enqueued = Monotonic.now()
        return try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, Error>) in
            let queued = state.lock.withLock { () -> Result<PThreadCondition?, StorageError> in
                guard !state.isShuttingDown else { return .failure(.unavailable("blocking thread pool is shut down")) }
                guard state.waiting < limit else {
                    return .failure(.overloaded("\(limit) database operations are already waiting"))
                }
                state.jobs.append(
                    BlockingJobQueue.QueuedJob(
                        run: {
                            waitTimer?.recordNanoseconds(Int64(clamping: Monotonic.now() &- enqueued))
                            continuation.resume(with: Result { try body() })
                        },
                        expire: {
                            continuation.resume(
                                throwing: StorageError.overloaded("waited over \(wait) for the database"))
                        },
                        deadline: deadline))
                return .success(state.pickIdleLocked())
            }
            switch queued {
            case .success(let idleThread): idleThread?.signal()
            case .failure(let refusal): continuation.resume(throwing: refusal)
            }
        }
    }

    /// Stops accepting jobs, lets queued jobs finish, and joins the worker threads.
    ///
    /// Idempotent. When called from one of the pool's own threads (for instance because a job
    /// dropped the last reference to the pool), that thread is detached rather than joined,
    /// since a thread cannot join itself.
    public func shutdown() {
        let threads = state.lock.withLock { () -> [PThread] in
            state.isShuttingDown = true
            state.wakeAllLocked()
            guard !state.joined else { return [] }
            state.joined = true
            return state.threads
        }
        reaperWake.withLock {
            reaperStop.withLock { $0 = true }
            reaperWake.signal()
        }
        for thread in threads {
            if thread.isCurrent {
                thread.detach()
            } else {
                thread.join()
            }
        }
    }

    /// The reaper's loop: sleep until the oldest waiting job's deadline (or a whole
    /// `maximumWait` when none waits: a job queued later has a later deadline), expire what is due.
    private static func reap(
        _ queue: BlockingJobQueue, wake: PThreadLock, stop: LockedValue<Bool>, maximumWait: UInt64
    ) {
        while true {
            let now = Monotonic.now()
            let (expired, next) = queue.takeExpired(now: now)
            for expire in expired { expire() }
            let sleep = next.map { $0 > now ? $0 - now : 0 } ?? maximumWait
            let stopping = wake.withLock { () -> Bool in
                if stop.withLock({ $0 }) { return true }
                wake.waitLocked(nanoseconds: max(sleep, 1_000_000))
                return stop.withLock { $0 }
            }
            if stopping { return }
        }
    }
}
