#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of dedicated pthreads that run blocking work (libmongoc calls) off the Swift
/// cooperative pool and off the event loops, handing results back as `async` values.
///
/// Jobs queue without bound in FIFO order; at most `threadCount` run at once.
public final class BlockingThreadPool: Sendable {
    private let state = BlockingJobQueue()

    /// Number of worker threads.
    public let threadCount: Int

    /// Starts `threadCount` worker threads (at least one).
    public init(threadCount: Int) {
        self.threadCount = max(1, threadCount)
        var threads: [pthread_t] = []
        for _ in 0..<self.threadCount {
            let context = WorkerContext(queue: state)
            let unmanaged = Unmanaged.passRetained(context)
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t?
            #endif
            let status = pthread_create(&thread, nil, { raw in
                #if canImport(Glibc)
                let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
                #else
                let context = Unmanaged<WorkerContext>.fromOpaque(raw).takeRetainedValue()
                #endif
                context.run()
                return nil
            }, unmanaged.toOpaque())
            precondition(status == 0, "pthread_create failed: \(status)")
            #if canImport(Glibc)
            threads.append(thread)
            #else
            threads.append(thread!)
            #endif
        }
        state.lock.withLock { state.threads = threads }
    }

    deinit {
        shutdown()
    }

    /// Runs `body` on one of the pool's threads and returns its result or rethrows its error.
    ///
    /// Throws `StorageError.unavailable` if the pool has been shut down. Task cancellation is
    /// not observed: a blocking call cannot be interrupted, so the caller waits for it.
    public func run<T: Sendable>(_ body: @Sendable @escaping () throws -> T) async throws -> T {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, Error>) in
            let accepted = state.lock.withLock { () -> Bool in
                guard !state.isShuttingDown else { return false }
                state.jobs.append {
                    continuation.resume(with: Result { try body() })
                }
                state.lock.signal()
                return true
            }
            if !accepted {
                continuation.resume(throwing: StorageError.unavailable("blocking thread pool is shut down"))
            }
        }
    }

    /// Stops accepting jobs, lets queued jobs finish, and joins the worker threads.
    ///
    /// Idempotent. When called from one of the pool's own threads (for instance because a job
    /// dropped the last reference to the pool), that thread is detached rather than joined,
    /// since a thread cannot join itself.
    public func shutdown() {
        let threads = state.lock.withLock { () -> [pthread_t] in
            state.isShuttingDown = true
            state.lock.broadcast()
            guard !state.joined else { return [] }
            state.joined = true
            return state.threads
        }
        let current = pthread_self()
        for thread in threads {
            if pthread_equal(thread, current) != 0 {
                pthread_detach(thread)
            } else {
                pthread_join(thread, nil)
            }
        }
    }
}

/// What a worker thread needs; passed through `pthread_create`'s context pointer.
private final class WorkerContext {
    let queue: BlockingJobQueue

    init(queue: BlockingJobQueue) {
        self.queue = queue
    }

    func run() {
        while let job = queue.nextJob() {
            job()
        }
    }
}
