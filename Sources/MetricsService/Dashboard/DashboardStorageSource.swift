import HTTPCore

/// Reloads dashboard data from storage when the lease holder has saved something new.
///
/// Checking costs one `_id` lookup (the generation); the full load runs only when it changed, or
/// every `catalogueRefreshMs` anyway so agents and versions registered meanwhile appear.
final class DashboardStorageSource: Sendable {
    static let catalogueRefreshMs: Int64 = 10_000

    private let pool: MongoPool
    /// The generation and time of the last full load.
    private let loaded = LockedValue<(generation: String, atMs: Int64)?>(nil)

    init(pool: MongoPool) {
        self.pool = pool
    }

    /// The new data, or nil when nothing changed.
    func reloadIfChanged(nowMs: Int64) async throws -> DashboardData? {
        let generation = try await DashboardLoader.generation(pool: pool)
        if let last = loaded.withLock({ $0 }), last.generation == generation,
            nowMs - last.atMs < Self.catalogueRefreshMs
        {
            return nil
        }
        let data = try await DashboardLoader.load(pool: pool, nowMs: nowMs)
        loaded.withLock { $0 = (data.generation, nowMs) }
        return data
    }
}
