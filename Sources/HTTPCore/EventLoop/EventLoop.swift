import CEpoll
import Glibc
import Synchronization

/// One thread with its own epoll instance, an eventfd to wake it and a timerfd for its timers.
///
/// Everything registered with a loop (listeners, connections, timers) is used only on the loop's thread.
/// Other threads talk to it through `execute(_:)` and, being a Swift executor, `enqueue(_:)`, which push
/// onto a locked queue and wake the loop through the eventfd at most once per tick. Work the loop queues for
/// itself (a request's task, an actor hop) goes on a queue only the loop touches, so the common path takes
/// no lock; as in NIO, an atomic flag says whether the locked queue needs looking at.
public final class EventLoop: @unchecked Sendable {
    // Safety: the descriptors and `threadID` are written before `start()` returns and never again;
    // `remoteWork` and `wakePending` are guarded by `lock`; `remotePending` and `stopRequested` are atomics;
    // every other stored property is touched only on the loop's own thread, which `assertInLoop()` checks
    // on the paths that mutate them (`localWork` is only appended to when `inEventLoop`).

    /// The loop's position in its group, for logs and thread names.
    public let index: Int

    let epollFD: Int32
    private let wakeFD: Int32
    let timerFD: Int32

    private let lock = PThreadLock()
    /// Work from other threads; guarded by `lock`.
    private var remoteWork: [Work] = []
    /// Whether `remoteWork` may be non-empty: set under `lock` with each append, cleared under it when the
    /// loop takes the queue, read without it (a stale `false` is covered by the eventfd write that follows
    /// every append made while no wake-up is pending).
    private let remotePending = Atomic<Bool>(false)
    private var wakePending = false
    private let stopRequested = Atomic<Bool>(false)
    /// Work the loop queued for itself; loop thread only.
    private var localWork: [Work] = []

    private var threadID = pthread_t()
    private var thread: PThread?
    private var registrations: [Registration?] = []
    /// Per-descriptor counters that survive deregistration, so a stale event for a reused descriptor
    /// (closed and accepted again within one `epoll_wait` batch) never reaches the new owner.
    private var generations: [UInt32] = []
    private var runningWork: [Work] = []
    var timers = TimerQueue()
    /// Monotonic nanoseconds read once per loop iteration, for timeouts that do not need more precision
    /// than a tick (saves a clock read per connection event). Loop thread only.
    private(set) var tickTime: UInt64 = Monotonic.now()
    private let events: UnsafeMutablePointer<epoll_event>
    private let maxEvents = 256

    private static let wakeTag = UInt64.max
    private static let timerTag = UInt64.max - 1

    private enum Work {
        case job(UnownedJob)
        case closure(() -> Void)
    }

    private struct Registration {
        var generation: UInt32
        var handler: any EventLoopSelectable
    }

    /// Creates the loop's descriptors. Call `start()` to run it.
    public init(index: Int) throws(IOError) {
        self.index = index
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        try Syscall.check("epoll_create1", epollFD)
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        try Syscall.check("eventfd", wakeFD)
        timerFD = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        try Syscall.check("timerfd_create", timerFD)
        events = .allocate(capacity: maxEvents)
        try Syscall.check("epoll_ctl", cepoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, EPOLLIN.rawValue, Self.wakeTag))
        try Syscall.check("epoll_ctl", cepoll_ctl(epollFD, EPOLL_CTL_ADD, timerFD, EPOLLIN.rawValue, Self.timerTag))
    }

    deinit {
        events.deallocate()
        Syscall.close(epollFD)
        Syscall.close(wakeFD)
        Syscall.close(timerFD)
    }

    /// Starts the loop's thread and returns once it is running.
    public func start() {
        let started = Semaphore()
        thread = PThread.spawn(name: "loop-\(index)") { [self] in
            threadID = pthread_self()
            started.signal()
            run()
        }
        started.wait()
    }

    /// Asks the loop to finish its queued work and stop, then waits for its thread to exit.
    /// Registered objects are dropped without being told; close them first.
    public func stopAndJoin() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        let needsWake = lock.withLock { markWakePending() }
        if needsWake { wake() }
        thread?.join()
    }

    /// Whether the caller runs on this loop's thread.
    @inline(__always)
    public var inEventLoop: Bool {
        pthread_equal(pthread_self(), threadID) != 0
    }

    /// Traps unless called on this loop's thread.
    @inline(__always)
    public func assertInLoop(file: StaticString = #fileID, line: UInt = #line) {
        precondition(inEventLoop, "not on event loop \(index)", file: file, line: line)
    }

    /// Runs `work` on the loop thread, after the current tick's events.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        enqueue(.closure(work))
    }

    /// Pushes a Swift concurrency job onto the queue; used by the executor conformances.
    func enqueueJob(_ job: UnownedJob) {
        enqueue(.job(job))
    }

    private func enqueue(_ work: Work) {
        if inEventLoop {
            // Drained before the loop sleeps, so no wake-up (and no lock) is needed.
            localWork.append(work)
            return
        }
        let needsWake = lock.withLock {
            remoteWork.append(work)
            remotePending.store(true, ordering: .releasing)
            return markWakePending()
        }
        if needsWake { wake() }
    }

    /// Whether queued work waits; cheap enough to ask after every event.
    @inline(__always)
    private var hasPendingWork: Bool {
        !localWork.isEmpty || remotePending.load(ordering: .acquiring)
    }

    /// Must hold `lock`. Returns true when the caller must write the eventfd.
    private func markWakePending() -> Bool {
        if wakePending { return false }
        wakePending = true
        return true
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    // MARK: Registration

    /// Registers `fd` for `events` with `handler`.
    public func register(fd: Int32, events: UInt32, handler: any EventLoopSelectable) throws(IOError) {
        assertInLoop()
        let slot = Int(fd)
        if slot >= registrations.count {
            let grow = max(slot + 1 - registrations.count, 1024)
            registrations.append(contentsOf: repeatElement(nil, count: grow))
            generations.append(contentsOf: repeatElement(0, count: grow))
        }
        generations[slot] &+= 1
        let generation = generations[slot]
        registrations[slot] = Registration(generation: generation, handler: handler)
        let tag = UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
        do {
            try Syscall.check("epoll_ctl", cepoll_ctl(epollFD, EPOLL_CTL_ADD, fd, events, tag))
        } catch {
            registrations[slot] = nil
            throw error
        }
    }

    /// Changes the events `fd` is registered for.
    public func modify(fd: Int32, events: UInt32) throws(IOError) {
        assertInLoop()
        guard let registration = registrations[Int(fd)] else { return }
        let tag = UInt64(registration.generation) << 32 | UInt64(UInt32(bitPattern: fd))
        try Syscall.check("epoll_ctl", cepoll_ctl(epollFD, EPOLL_CTL_MOD, fd, events, tag))
    }

    /// Removes `fd` from epoll and forgets its handler. Call before closing the descriptor.
    public func deregister(fd: Int32) {
        assertInLoop()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        registrations[Int(fd)] = nil
    }

    /// Forgets `fd`'s handler without the `EPOLL_CTL_DEL` syscall; only for a descriptor about to be closed
    /// (closing removes it from epoll) that was never duplicated.
    public func forget(fd: Int32) {
        assertInLoop()
        registrations[Int(fd)] = nil
    }

    /// Calls `body` with every registered handler (e.g. to sweep timeouts or close all at shutdown).
    public func forEachRegistered(_ body: (any EventLoopSelectable) -> Void) {
        assertInLoop()
        for registration in registrations {
            if let registration { body(registration.handler) }
        }
    }

    // MARK: Running

    private func run() {
        // After a wake-up that brought events, poll again without sleeping before blocking: readiness that
        // arrived while the batch was handled is taken in the same wake-up.
        var eventsKeepComing = false
        while true {
            let mayBlock = !eventsKeepComing && !hasPendingWork && !stopRequested.load(ordering: .relaxed)
            let count = cepoll_wait(epollFD, events, Int32(maxEvents), mayBlock ? -1 : 0)
            if count < 0 {
                precondition(errno == EINTR, "epoll_wait failed: \(errno)")
                continue
            }
            eventsKeepComing = count > 0
            tickTime = Monotonic.now()
            for index in 0..<Int(count) {
                dispatch(tag: cepoll_event_tag(events, Int32(index)), mask: cepoll_event_mask(events, Int32(index)))
                // Finish the work this event started (typically: run the request's task and write its
                // response) before the next event, so responses leave as soon as they are ready instead
                // of after the whole batch.
                if hasPendingWork { runPendingWork() }
            }
            if hasPendingWork { runPendingWork() }
            if stopRequested.load(ordering: .sequentiallyConsistent) && !hasPendingWork { break }
        }
    }

    private func dispatch(tag: UInt64, mask: UInt32) {
        switch tag {
        case Self.wakeTag:
            var value: UInt64 = 0
            _ = Glibc.read(wakeFD, &value, 8)
        case Self.timerTag:
            var value: UInt64 = 0
            _ = Glibc.read(timerFD, &value, 8)
            fireTimers()
        default:
            let slot = Int(UInt32(truncatingIfNeeded: tag))
            guard slot < registrations.count, let registration = registrations[slot],
                registration.generation == UInt32(tag >> 32)
            else { return }
            var events = mask
            if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                events |= EPOLLIN.rawValue | EPOLLOUT.rawValue
            }
            registration.handler.handleEvent(events)
        }
    }

    /// Runs queued work. Work queued while running (e.g. a job resuming another) runs in the same tick,
    /// up to a bound, so a chain of hops does not cost one epoll round trip each.
    private func runPendingWork() {
        for _ in 0..<8 {
            if remotePending.load(ordering: .acquiring) {
                lock.withLock {
                    localWork.append(contentsOf: remoteWork)
                    remoteWork.removeAll(keepingCapacity: true)
                    remotePending.store(false, ordering: .relaxed)
                    wakePending = false
                }
            }
            if localWork.isEmpty { return }
            swap(&runningWork, &localWork)
            for work in runningWork {
                switch work {
                case .job(let job):
                    job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
                case .closure(let closure):
                    closure()
                }
            }
            runningWork.removeAll(keepingCapacity: true)
        }
    }
}
