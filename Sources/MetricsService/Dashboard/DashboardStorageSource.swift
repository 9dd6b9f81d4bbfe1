import HTTPCore

/// Reloads dashboard data from storage when the lease holder has saved something new.
///
/// Checking costs one `_id` lookup (the generation); the full load runs only when it changed. Every
/// `catalogueRefreshMs` the agents and versions are read again anyway (they change through the API,
/// without the worker), and only they: the aggregates of an unchanged generation are kept.
final class DashboardStorageSource: Sendable {
    static let catalogueRefreshMs: Int64 = 10_000

    private let pool: MongoPool
    /// The last data returned and when its catalogue was read.
    private let loaded = LockedValue<(data: DashboardData, atMs: Int64)?>(nil)

    init(pool: MongoPool) {
        self.pool = pool
    }

    /// The new data, or nil when nothing changed.
    func reloadIfChanged(nowMs: Int64) async throws -> DashboardData? {
        let generation = try await DashboardLoader.generation(pool: pool)
        // "" is no worker pass yet: the recent list then stands in from the newest runs, so load it all.
        if let last = loaded.withLock({ $0 }), last.data.generation == generation, !generation.isEmpty {
            guard nowMs - last.atMs >= Self.catalogueRefreshMs else { return nil }
            let catalogue = try await DashboardLoader.catalogue(pool: pool)
            var data = last.data
            data.agents = catalogue.agents
            data.versions = catalogue.versions
            data.trimMinutes(nowMs: nowMs)
            loaded.withLock { $0 = (data, nowMs) }
            return data
        }
        let data = try await DashboardLoader.load(pool: pool, nowMs: nowMs)
        loaded.withLock { $0 = (data, nowMs) }
        return data
    }
}
