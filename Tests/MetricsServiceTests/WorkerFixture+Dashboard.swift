@testable import MetricsService

extension WorkerFixture {
    /// Agent `alpha` (project `p`) with version `1` and one run of it (id 1, at `start`, costing `cost`), counted by
    /// a pass of `worker` (a new one when nil): the stored state the dashboard refresh tests start from.
    @discardableResult
    func addOneCountedRun(cost: Double = 0.01, countedBy worker: MetricsWorker? = nil) async throws -> AgentVersion {
        let agent = try await addAgent("alpha", project: "p")
        let version = try await addVersion(agent, "1")
        try await addRuns([Self.run(version, id: 1, at: Self.start, cost: cost)])
        try await (worker ?? self.worker()).runOnce()
        return version
    }

    /// A dashboard of a server without a worker, refreshing from this database on the fixture's loop; the caller
    /// stops it.
    func refreshingDashboard() -> Dashboard {
        let dashboard = Dashboard(refreshingFrom: pool, clock: clock)
        dashboard.startRefreshing(on: loop)
        return dashboard
    }
}
