/// The loop as a Swift concurrency executor: actors whose `unownedExecutor` is the loop run on its thread,
/// and tasks started with `Task(executorPreference: loop)` run their nonisolated code there too, so the
/// request path never hops through the global concurrent pool.
extension EventLoop: SerialExecutor, TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) {
        enqueueJob(UnownedJob(job))
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    public func checkIsolated() {
        assertInLoop()
    }

    public func isIsolatingCurrentContext() -> Bool? {
        inEventLoop
    }
}
