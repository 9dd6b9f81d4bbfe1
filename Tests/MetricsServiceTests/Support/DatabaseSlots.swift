import Foundation

/// How many tests of this bundle run an nx-27017 at once.
///
/// swift-testing starts every test of a parallel run together (its parallelization width is unbounded), so
/// without a limit a hundred tests each start an nx-27017 in the same second: their Python start-up alone
/// starved the two cores for a minute, and leases, receive timeouts and time limits all over the run expired.
/// A test waits here suspended (no thread held) until a slot is free; its clocks start once it has one.
actor DatabaseSlots {
    /// One slot per core, at least two.
    static let shared = DatabaseSlots(count: max(2, ProcessInfo.processInfo.activeProcessorCount))

    /// Whether the current task already holds a slot: a database started inside another test's database
    /// (or a helper that starts one inside `withSlot`) takes no second slot, so nesting cannot deadlock.
    @TaskLocal private static var holding = false

    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = count
    }

    /// Runs `body` while holding one slot.
    static func withSlot<T>(_ body: () async throws -> T) async throws -> T {
        if holding { return try await body() }
        await shared.acquire()
        do {
            let result = try await $holding.withValue(true) { try await body() }
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            // The slot passes straight to the longest waiter.
            waiters.removeFirst().resume()
        }
    }
}
