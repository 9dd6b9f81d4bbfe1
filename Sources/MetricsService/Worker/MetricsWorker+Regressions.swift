/// The versions' regressions, computed when a snapshot is built (after a pass), never per request.
extension MetricsWorker {
    /// Every version's regression against its predecessor, from the worker's data.
    func regressions(of data: DashboardData) -> [VersionKey: VersionRegression] {
        regressionCache.regressions(
            versions: data.versions, aggregates: data.aggregates, configuration: configuration.comparison)
    }

    /// A snapshot of `data` with the regressions.
    func snapshot(of data: DashboardData) -> DashboardSnapshot {
        DashboardSnapshot(data: data, regressions: regressions(of: data))
    }
}
