import Foundation
import HTTPCore
import TestSupport
import Testing

@testable import MetricsService

@Suite struct BlockingThreadPoolTests {
    struct Boom: Error, Equatable {}

    /// Counts arrivals; each caller waits (bounded) until `expected` have arrived.
    final class Rendezvous: @unchecked Sendable {
        // Safety: `arrived` is only touched while `lock` is held.
        private let lock = PThreadLock()
        private var arrived = 0

        func arriveAndWait(expected: Int, timeout: Duration) -> Bool {
            lock.withLock { arrived += 1 }
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while clock.now < deadline {
                if lock.withLock({ arrived >= expected }) { return true }
                usleep(1000)
            }
            return false
        }
    }

    @Test func runsJobsConcurrentlyOffTheMainThread() async throws {
        let pool = BlockingThreadPool(threadCount: 2)
        defer { pool.shutdown() }
        let rendezvous = Rendezvous()
        // Each job only finishes once both are running, so a serial pool would time out.
        async let first = pool.run {
            (rendezvous.arriveAndWait(expected: 2, timeout: .seconds(5)), Thread.isMainThread)
        }
        async let second = pool.run {
            (rendezvous.arriveAndWait(expected: 2, timeout: .seconds(5)), Thread.isMainThread)
        }
        let results = try await [first, second]
        #expect(results.allSatisfy { $0.0 })
        #expect(results.allSatisfy { !$0.1 })
    }

    /// Under light load one warm thread serves job after job: the most recently idle thread is woken first,
    /// not the one idle longest (a single shared condition variable wakes them in turn).
    @Test func sequentialJobsRunOnTheMostRecentlyIdleThread() async throws {
        let pool = BlockingThreadPool(threadCount: 4)
        defer { pool.shutdown() }
        #expect(eventually { pool.idleThreads == 4 })
        var threads: Set<UInt> = []
        for _ in 0..<20 {
            threads.insert(try await pool.run { UInt(pthread_self()) })
            #expect(eventually { pool.idleThreads == 4 })
        }
        #expect(threads.count == 1)
    }

    @Test func returnsValuesAndRethrowsErrors() async throws {
        let pool = BlockingThreadPool(threadCount: 1)
        defer { pool.shutdown() }
        let value = try await pool.run { 6 * 7 }
        #expect(value == 42)
        await #expect(throws: Boom.self) { try await pool.run { () throws -> Int in throw Boom() } }
    }

    @Test func runsManyMoreJobsThanThreads() async throws {
        let pool = BlockingThreadPool(threadCount: 2)
        defer { pool.shutdown() }
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 1...200 { group.addTask { try await pool.run { index } } }
            return try await group.reduce(0, +)
        }
        #expect(sum == 200 * 201 / 2)
    }

    @Test func refusesJobsAfterShutdown() async throws {
        let pool = BlockingThreadPool(threadCount: 2)
        pool.shutdown()
        pool.shutdown()
        await #expect(throws: StorageError.self) { try await pool.run { 1 } }
    }

    /// Holds the pool's only thread until released; `held()` returns once it does. Nothing here
    /// blocks a cooperative thread: only the pool's own thread waits.
    final class Holder: Sendable {
        private let started = LockedValue(false)
        private let release = DispatchSemaphore(value: 0)
        private let task: Task<Void, Error>

        init(_ pool: BlockingThreadPool) {
            let started = self.started
            let release = self.release
            task = Task {
                try await pool.run {
                    started.withLock { $0 = true }
                    release.wait()
                }
            }
        }

        func held() async {
            while !started.withLock({ $0 }) { await Task.yield() }
        }

        func finish() async throws {
            release.signal()
            try await task.value
        }
    }

    @Test func refusesAtOnceWhenTheQueueIsFull() async throws {
        let pool = BlockingThreadPool(threadCount: 1, queueLimit: 2)
        defer { pool.shutdown() }
        let holder = Holder(pool)
        await holder.held()
        async let second = pool.run { 2 }
        async let third = pool.run { 3 }
        while pool.waitingJobs < 2 { await Task.yield() }
        // Two are waiting and neither can start: the next is refused at once, never queued.
        var refused = false
        do {
            _ = try await pool.run { 4 }
        } catch StorageError.overloaded {
            refused = true
        }
        #expect(refused)
        try await holder.finish()
        #expect(try await [second, third] == [2, 3])
    }

    @Test func aJobThatWaitsPastTheLimitFailsWithoutRunningWhileTheThreadIsStillHeld() async throws {
        let pool = BlockingThreadPool(threadCount: 1, maximumWait: .milliseconds(100))
        defer { pool.shutdown() }
        let holder = Holder(pool)
        await holder.held()
        let ran = LockedValue(false)
        // The only thread is held until after this job has failed: the reaper expired it.
        await #expect(throws: StorageError.self) {
            try await pool.run { ran.withLock { $0 = true } }
        }
        try await holder.finish()
        #expect(!ran.withLock { $0 })
        #expect(try await pool.run { 5 } == 5)
    }
}
