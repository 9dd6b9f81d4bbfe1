import HTTPCore
import Testing

@testable import MetricsService

/// `MetricsWorker.fenced` on a slow database, with the fixture's clock: a write step that runs past its write
/// deadline while the lease is still held is renewed and run again, a bounded number of times; a step whose lease
/// another worker took is not.
@Suite struct WorkerSlowStepTests {
    /// Half a lease (2.5 s) and a little more: the deadline a step sets out with has passed.
    static let pastTheDeadline: Int64 = 3_000

    /// A worker of `fixture` that has just taken the lease, and its epoch.
    static func leader(_ fixture: WorkerFixture, owner: String = "worker-a") async throws -> (MetricsWorker, Int64) {
        let worker = fixture.worker(owner: owner)
        #expect(try await worker.heartbeat() == .gained)
        return (worker, try #require(await worker.term?.epoch))
    }

    @Test func aStepPastItsDeadlineIsRenewedAndRunAgainWhileTheLeaseIsHeld() async throws {
        try await WorkerFixture.with { fixture in
            let (worker, epoch) = try await Self.leader(fixture)
            let attempts = LockedValue(0)
            let answer = try await worker.fenced(epoch: epoch) { fence in
                let attempt = attempts.withLock { count in
                    count += 1
                    return count
                }
                if attempt == 1 {
                    fixture.advance(by: Self.pastTheDeadline)
                    try fence.check()
                }
                return 42
            }
            #expect(answer == 42)
            #expect(attempts.withLock { $0 } == 2)
            #expect(await worker.term?.epoch == epoch)
        }
    }

    @Test func aStepAlwaysPastItsDeadlineFailsAfterTheRetries() async throws {
        try await WorkerFixture.with { fixture in
            let (worker, epoch) = try await Self.leader(fixture)
            let attempts = LockedValue(0)
            await #expect(throws: MetricsWorkerError.leaseLost) {
                try await worker.fenced(epoch: epoch) { fence in
                    attempts.withLock { $0 += 1 }
                    fixture.advance(by: Self.pastTheDeadline)
                    try fence.check()
                }
            }
            #expect(attempts.withLock { $0 } == 1 + MetricsWorker.slowStepRetries)
        }
    }

    @Test func aStepWhoseLeaseAnotherWorkerTookIsNotRunAgain() async throws {
        try await WorkerFixture.with { fixture in
            let (worker, epoch) = try await Self.leader(fixture, owner: "slow")
            let successor = fixture.worker(owner: "successor")
            let attempts = LockedValue(0)
            await #expect(throws: MetricsWorkerError.leaseLost) {
                try await worker.fenced(epoch: epoch) { fence in
                    attempts.withLock { $0 += 1 }
                    // Stalled past the whole lease: the successor takes it over meanwhile.
                    fixture.advance(by: 6_000)
                    #expect(try await successor.heartbeat() == .gained)
                    try fence.check()
                }
            }
            #expect(attempts.withLock { $0 } == 1)
            #expect(await worker.term == nil)
        }
    }
}
