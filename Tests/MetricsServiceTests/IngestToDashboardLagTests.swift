import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// The wiring behind the ingest-to-dashboard lag, with no time window a busy machine could miss: a run is
/// handed to the dashboard before its `201` leaves, so the very next `recent_activity` and cards show it
/// (as a pending run); and the worker, whose interval here is ten minutes, counts it long before that
/// because the ingest wakes it. The lag itself (milliseconds at 2,000 runs/s) is `scripts/bench-lag.sh`'s.
@Suite(.serialized) struct IngestToDashboardLagTests {
    @Test func runPostedToAServerWithItsWorkerShowsAtOnceAndIsCountedOnTheIngestsWakeUp() async throws {
        try await APIServer.with(workerInterval: .seconds(600)) { server in
            let client = try server.client()
            #expect(try client.request("POST", "/api/v1/agents/lag/register", "{}").status == 201)
            let version = #"{"version": "1.0", "cluster": "c", "deployment": "d", "tools": [], "models": []}"#
            #expect(try client.request("POST", "/api/v1/agents/lag/versions", version).status == 201)
            // The worker's first pass (at start) has published, so the next one by the clock is 10 minutes away.
            #expect(await server.application.dashboard.waitUntilLoaded(timeout: .seconds(30)))

            let run = #"{"id": 4242, "status": "completed", "time_taken": "2s", "cost": 0.25}"#
            #expect(try client.request("POST", "/api/v1/agents/lag/versions/1.0/runs", run).status == 201)
            // The first reads after the acknowledgement: pending, or already counted and published (the
            // publish drops the pending copy in the same lock), but never missing.
            let recent = try client.request("GET", "/api/v1/ui/recent_activity").array
            #expect(recent.contains { $0["id"] as? Int == 4242 })
            let cards = try client.request("GET", "/api/v1/ui/stats").array
            #expect(cards.first { $0["title"] as? String == "Total Runs Today" }?["raw"] as? Double == 1)

            // The wake-up: counted durably within a minute, where the interval alone would take ten.
            let deadline = ContinuousClock.now + .seconds(60)
            while try await server.count("agent_runs", ["counted": true]) == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await server.count("agent_runs", ["counted": true]) == 1)
            // The pass publishes after marking the run counted: its pending copy is dropped then.
            while !server.application.dashboard.state.withLock({ $0.pending.runs.isEmpty })
                && ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.application.dashboard.state.withLock { $0.pending.runs.isEmpty })
            let counted = try client.request("GET", "/api/v1/ui/stats").array
            #expect(counted.first { $0["title"] as? String == "Total Runs Today" }?["raw"] as? Double == 1)
        }
    }
}
