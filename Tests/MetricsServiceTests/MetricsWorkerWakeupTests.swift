import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// Between passes: the lease holder finds runs stored through another server by its poll, and a
/// worker without the lease follows the saved generation, both long before the interval (an hour here, so
/// the ceilings can allow for a busy machine and still tell a poll from an interval pass).
@Suite(.serialized) struct MetricsWorkerWakeupTests {
    @Test func leaseHolderCountsRunsStoredElsewhereWithoutWaitingForTheInterval() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            let dashboard = Dashboard(clock: fixture.clock)
            let worker = fixture.worker(dashboard: dashboard, interval: .seconds(3600))
            await worker.start()
            #expect(await dashboard.waitUntilLoaded(timeout: .seconds(10)))
            // Stored as another server would: nothing signals this worker.
            try await fixture.addRuns([WorkerFixture.run(version, id: 1, at: WorkerFixture.start)])
            let stored = ContinuousClock.now
            while try await fixture.countedTotal() == 0 && ContinuousClock.now - stored < .seconds(120) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let counted = ContinuousClock.now - stored
            await worker.stop()
            #expect(try await fixture.countedTotal() == 1)
            // The poll (500 ms) plus the wake delay (250 ms) plus a pass; the interval is an hour.
            #expect(counted < .seconds(60), "counted after \(counted)")
        }
    }

    @Test func workerWithoutTheLeaseFollowsTheHoldersPassesBetweenItsOwn() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            let holder = fixture.worker(owner: "worker-a")
            try await holder.runOnce()
            let dashboard = Dashboard(clock: fixture.clock)
            let follower = fixture.worker(owner: "worker-b", dashboard: dashboard, interval: .seconds(3600))
            await follower.start()
            #expect(await dashboard.waitUntilLoaded(timeout: .seconds(10)))
            try await fixture.addRuns([WorkerFixture.run(version, id: 1, at: WorkerFixture.start)])
            #expect(try await holder.runOnce().countedRuns == 1)
            let passed = ContinuousClock.now
            while dashboard.snapshot.recent.isEmpty && ContinuousClock.now - passed < .seconds(120) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let shown = ContinuousClock.now - passed
            await follower.stop()
            #expect(dashboard.snapshot.recent.map(\.runId) == [1])
            #expect(shown < .seconds(60), "shown after \(shown)")
        }
    }
}
