import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// The lease as a heartbeat, and the fence that keeps a worker which lost it from writing.
@Suite(.serialized) struct WorkerLeaseTests {
    @Test func writeDeadlineIsHalfALeaseAfterTheRenewalWasSent() {
        let term = LeaseTerm(epoch: 3, renewedAtMs: 10_000)
        #expect(term.writeDeadlineMs(durationMs: 5_000) == 12_500)
        #expect(term.allowsWrite(nowMs: 12_499, durationMs: 5_000))
        #expect(!term.allowsWrite(nowMs: 12_500, durationMs: 5_000))
        #expect(!term.allowsWrite(nowMs: 20_000, durationMs: 5_000))
    }

    @Test func heartbeatsKeepTheLeaseAndItLapsesFiveSecondsAfterTheLast() async throws {
        try await WorkerFixture.with { fixture in
            let first = fixture.worker(owner: "first")
            let second = fixture.worker(owner: "second")
            #expect(try await first.heartbeat() == .gained)
            // A minute of heartbeats a second apart: the lease never lapses, whatever the pass interval.
            for _ in 0..<60 {
                fixture.advance(by: 1_000)
                #expect(try await first.heartbeat() == .kept)
                let other = try await second.heartbeat()
                #expect(
                    other == .heldElsewhere(WorkerLease.Holder(owner: "first", expiresAtMs: fixture.clock() + 5_000)))
            }
            // The first worker dies: its lease is still good at 5 s, gone just after.
            fixture.advance(by: 5_000)
            #expect(try await second.heartbeat() != .gained)
            fixture.advance(by: 1)
            #expect(try await second.heartbeat() == .gained)
            // The dead worker, were it to wake, has lost it and cannot renew under its old epoch.
            #expect(try await first.heartbeat() != .kept)
            #expect(await first.term == nil)
        }
    }

    /// `worker --once`: the heartbeat alone, with no periodic passes, keeps moving the write deadline, so one long
    /// write step (thousands of bucket documents on a slow database) is not cut off half a lease after the renewal
    /// before it.
    @Test func aHeartbeatAloneKeepsTheWriteDeadlineAheadOfTheClock() async throws {
        try await WorkerFixture.with { fixture in
            let worker = fixture.worker()
            #expect(try await worker.acquireLease(waitingUpTo: .seconds(1)))
            let epoch = try #require(await worker.term?.epoch)
            await worker.startHeartbeat()
            // Past the write deadline of the last renewal (half a lease), as a long write step would be.
            fixture.advance(by: 4_000)
            let started = ContinuousClock.now
            while (await worker.term?.writeDeadlineMs(durationMs: 5_000) ?? 0) <= fixture.clock(),
                ContinuousClock.now - started < .seconds(5)
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            let term = try #require(await worker.term)
            #expect(term.epoch == epoch)
            #expect(term.writeDeadlineMs(durationMs: 5_000) > fixture.clock(), "the heartbeat did not renew within 5 s")
            await worker.stop()
        }
    }

    @Test func aLostLeaseCanNeitherRenewNorWriteNorClearAJournal() async throws {
        try await WorkerFixture.with { fixture in
            let old = WorkerLease(pool: fixture.pool, owner: "old", durationMs: 5_000)
            let new = WorkerLease(pool: fixture.pool, owner: "new", durationMs: 5_000)
            guard case .taken(let oldEpoch) = try await old.take(nowMs: 0) else {
                Issue.record("the first take failed")
                return
            }
            #expect(try await new.take(nowMs: 4_999) == .held(WorkerLease.Holder(owner: "old", expiresAtMs: 5_000)))
            guard case .taken(let newEpoch) = try await new.take(nowMs: 5_001) else {
                Issue.record("the lapsed lease was not taken")
                return
            }
            #expect(newEpoch == oldEpoch + 1)
            let journal = PassJournal(passID: "p-new", runIDs: [.string("run-1")])
            #expect(try await new.writeJournal(journal, epoch: newEpoch, nowMs: 5_002))
            #expect(try await old.renew(epoch: oldEpoch, nowMs: 5_003) == false)
            #expect(
                try await old.writeJournal(PassJournal(passID: "p-old", runIDs: []), epoch: oldEpoch, nowMs: 5_003)
                    == false)
            #expect(try await old.clearJournal(epoch: oldEpoch, nowMs: 5_003) == false)
            #expect(try await new.journal() == journal)
            // A release keeps the epoch, so the next taker's is still higher.
            try await new.release(epoch: newEpoch)
            guard case .taken(let third) = try await old.take(nowMs: 5_004) else {
                Issue.record("a released lease was not taken at once")
                return
            }
            #expect(third == newEpoch + 1)
            #expect(try await old.journal() == journal)
        }
    }

    @Test func aStaleAggregateWriteIsRefusedByTheEpochFence() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns([WorkerFixture.run(version, id: 1, at: WorkerFixture.start)])
            let store = MetricsStore(pool: fixture.pool)
            let runs = try await store.uncountedRuns(limit: 10)
            let far = WorkerFixture.start + 60_000
            let newer = WriteFence(epoch: 2, deadlineMs: far, clock: fixture.clock)
            let older = WriteFence(epoch: 1, deadlineMs: far, clock: fixture.clock)
            _ = try await store.apply(PassDelta(runs: runs), passID: "by-2", fence: newer)
            let written = try await fixture.aggregates()
            #expect(written.first?["total_runs"]?.int64Value == 1)
            await #expect(throws: MetricsWorkerError.leaseLost) {
                try await store.apply(PassDelta(runs: runs), passID: "by-1", fence: older)
            }
            // A write past the deadline does not start at all, even under the current epoch.
            let late = WriteFence(epoch: 2, deadlineMs: fixture.clock(), clock: fixture.clock)
            await #expect(throws: MetricsWorkerError.leaseLost) {
                try await store.apply(PassDelta(runs: runs), passID: "late", fence: late)
            }
            #expect(try await fixture.aggregates() == written)
            // A document found absent and written meanwhile by another holder is not inserted over.
            _ = try await fixture.pool.withCollection("agent_activity") { collection in
                #expect(throws: MetricsWorkerError.leaseLost) {
                    try older.insert(in: collection, document: ["_id": .int64(WorkerFixture.start / 60_000 * 60_000)])
                }
            }
            #expect(try await fixture.aggregates("agent_activity").count == 1)
        }
    }

    /// A worker that stalls past its lease (a paused process, a slow database) at each point of a
    /// batch: the successor takes over and counts, and the stalled worker stops without writing twice,
    /// even when the successor has stopped and released the lease by the time it wakes (a lease that
    /// is merely free again must not let it carry on: its epoch is gone).
    @Test(arguments: [PassStage.journalWritten, .aggregatesApplied, .runsMarked], [false, true])
    func aWorkerStalledPastItsLeaseStopsAndEachRunIsCountedOnce(stage: PassStage, released: Bool) async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let versions = [try await fixture.addVersion(agent, "1"), try await fixture.addVersion(agent, "2")]
            try await fixture.addRuns(
                (0..<200).map { id in
                    WorkerFixture.run(versions[id % 2], id: Int64(id), at: WorkerFixture.start - Int64(id) * 1_000)
                })
            let stalled = fixture.worker(owner: "stalled", batchSize: 120)
            let successor = fixture.worker(owner: "successor")
            let report = LockedValue<PassReport?>(nil)
            await #expect(throws: MetricsWorkerError.leaseLost) {
                try await stalled.runOnce(crashAfter: nil) { reached in
                    guard reached == stage, report.withLock({ $0 }) == nil else { return }
                    fixture.advance(by: 6_000)
                    let taken = try? await successor.runOnce()
                    report.withLock { $0 = taken }
                    if released { await successor.stop() }
                }
            }
            let taken = try #require(report.withLock { $0 })
            #expect(taken.leader)
            #expect(taken.recovered)
            #expect(try await fixture.countedTotal() == 200)
            #expect(try await fixture.leaseJournal() == nil)
            let counted = try await fixture.allAggregates()
            try await successor.rebuild()
            #expect(try await fixture.allAggregates() == counted)
        }
    }

    /// A running worker whose pass interval is an hour takes a dead worker's lease over from its
    /// heartbeat, finishes the dead worker's journal and counts, without waiting for the interval.
    @Test func aHeartbeatTakesADeadWorkersLeaseOverAndPassesAtOnce() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns(
                (0..<50).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start) })
            // The dead worker: its lease runs 1.5 s more on the real clock, and its batch was interrupted.
            await #expect(throws: MetricsWorkerError.simulatedCrash) {
                try await MetricsWorker(
                    loop: fixture.loop, pool: fixture.pool,
                    configuration: MetricsWorkerConfiguration(owner: "dead", leaseDuration: .milliseconds(1_500)),
                    clock: WallClock.systemMilliseconds
                ).runOnce(crashAfter: .aggregatesApplied)
            }
            let successor = MetricsWorker(
                loop: fixture.loop, pool: fixture.pool,
                configuration: MetricsWorkerConfiguration(
                    interval: .seconds(3_600), owner: "successor", leaseDuration: .seconds(2),
                    renewInterval: .milliseconds(100)),
                clock: WallClock.systemMilliseconds)
            await successor.start()
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            // Nothing notifies the test of a pass: poll the stored result with a deadline.
            while clock.now < deadline {
                let total = try await fixture.countedTotal()
                if total == 50, try await fixture.leaseJournal() == nil { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await fixture.countedTotal() == 50)
            #expect(try await fixture.leaseJournal() == nil)
            #expect(try await fixture.count("agent_runs", ["counted": true]) == 50)
            await successor.stop()
        }
    }

    /// A journal left in `worker_journal` by a version before the lease epoch (killed after writing it)
    /// is finished once by the new worker, and removed.
    @Test func aLegacyJournalIsFinishedOnce() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns(
                (0..<4).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start) })
            let ids = try await MetricsStore(pool: fixture.pool).uncountedRuns(limit: 2).map(\.id)
            try await fixture.pool.withCollection("worker_journal") { collection in
                try collection.insertOne(
                    try BSONDocument(
                        .document([("_id", "pass"), ("pass_id", "legacy-pass"), ("run_ids", .array(ids))])))
            }
            let report = try await fixture.worker().runOnce()
            #expect(report.recovered)
            #expect(report.countedRuns == 2)
            #expect(try await fixture.countedTotal() == 4)
            #expect(try await fixture.count("worker_journal") == 0)
        }
    }

    /// A batch of more runs than one update names (`MetricsStore.markChunk`) is read back and marked counted
    /// chunk by chunk, each after a renewal: the successor finishing its journal counts every run once and
    /// leaves none uncounted.
    @Test func aJournalOfSeveralChunksIsFinishedWhole() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            let total = MetricsStore.markChunk * 2 + 500
            try await fixture.addRuns(
                (0..<total).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start - Int64($0)) })
            await #expect(throws: MetricsWorkerError.simulatedCrash) {
                try await fixture.worker(owner: "dead").runOnce(crashAfter: .journalWritten)
            }
            fixture.advance(by: 6_000)
            let report = try await fixture.worker(owner: "successor").runOnce()
            #expect(report.recovered)
            #expect(report.countedRuns == 0)
            #expect(try await fixture.countedTotal() == Int64(total))
            #expect(try await fixture.count("agent_runs", ["counted": false]) == 0)
            #expect(try await fixture.leaseJournal() == nil)
        }
    }
}
