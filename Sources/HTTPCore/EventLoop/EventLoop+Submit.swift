extension EventLoop {
    /// Runs `work` on the loop and blocks the calling thread until it has run; returns its result.
    /// For set-up and shutdown from outside the loops only: calling it on the loop itself would deadlock.
    public func submitAndWait<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        if inEventLoop { return work() }
        let done = Semaphore()
        let result = LockedValue<T?>(nil)
        execute {
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}
