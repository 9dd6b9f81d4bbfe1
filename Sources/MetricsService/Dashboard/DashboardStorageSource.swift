import HTTPCore

/// Reloads dashboard data from storage when the lease holder has saved something new.
///
/// Checking costs one `_id` lookup (the generation); the full load runs only when it changed. Every
/// `catalogueRefreshMs` the agents and versions are read again anyway (they change through the API,
/// without the worker), and only they: the aggregates of an unchanged generation are kept. Before any
/// worker pass (generation "") a check also reads the newest runs, which stand in for the recent list, and
/// the whole state is loaded again every `catalogueRefreshMs`, not at every check.
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
        if let last = loaded.withLock({ $0 }), last.data.generation == generation {
            guard nowMs - last.atMs >= Self.catalogueRefreshMs else {
                // "" is no worker pass yet: the newest runs stand in for the recent list, so they alone are
                // read again (one query, not a full load), and the data is new only when they changed.
                guard generation.isEmpty else { return nil }
                let recent = try await DashboardLoader.newestRuns(pool: pool)
                guard recent != last.data.recent else { return nil }
                var data = last.data
                data.recent = recent
                loaded.withLock { $0 = (data, last.atMs) }
                return data
            }
            if !generation.isEmpty {
                let catalogue = try await DashboardLoader.catalogue(pool: pool)
                var data = last.data
                data.agents = catalogue.agents
                data.versions = catalogue.versions
                data.trimMinutes(nowMs: nowMs)
                loaded.withLock { $0 = (data, nowMs) }
                return data
            }
        }
        let data = try await DashboardLoader.load(pool: pool, nowMs: nowMs)
        loaded.withLock { $0 = (data, nowMs) }
        return data
    }
}
