import Foundation
import Testing

@testable import MetricsService

@Suite struct BlockingThreadPoolTests {
    struct Boom: Error, Equatable {}

    /// Counts arrivals; each caller waits (bounded) until `expected` have arrived.
    final class Rendezvous: @unchecked Sendable {
        // Safety: `arrived` is only touched while `lock` is held.
        private let lock = ConditionLock()
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
        async let first = pool.run { (rendezvous.arriveAndWait(expected: 2, timeout: .seconds(5)), Thread.isMainThread) }
        async let second = pool.run { (rendezvous.arriveAndWait(expected: 2, timeout: .seconds(5)), Thread.isMainThread) }
        let results = try await [first, second]
        #expect(results.allSatisfy { $0.0 })
        #expect(results.allSatisfy { !$0.1 })
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
}
