import HTTPCore

/// The live dashboard: the current `DashboardSnapshot` plus rendered responses, read by the UI
/// handlers synchronously on the connection's loop.
///
/// Readers take a lock only to copy out a reference (the snapshot or a cached response); nothing
/// is computed under it but the renders below, and none touches the database. Rendered bodies are
/// cached per snapshot generation and wall-clock second, since the windows move with the clock
/// but not faster than the cards' resolution.
///
/// Who refreshes it: the worker publishes after each pass; a server without a worker creates it
/// with `init(refreshingFrom:)`, and a read that finds the snapshot older than a second starts a
/// background reload from the stored aggregates (the read itself never waits for it).
public final class Dashboard: Sendable {
    private struct Cached {
        var generation: String
        var second: Int64
        var response: HTTPResponse
    }

    private struct State {
        var snapshot = DashboardSnapshot.empty
        var stats: Cached?
        var versions: Cached?
        var recent: Cached?
        var lastRefreshMs: Int64?
        var refreshing = false
    }

    private let state = LockedValue(State())
    /// Milliseconds since the epoch.
    public let clock: @Sendable () -> Int64
    private let source: DashboardStorageSource?

    /// A dashboard fed by `publish` (a worker in this process, or a test).
    public init(clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds) {
        self.clock = clock
        self.source = nil
    }

    /// A dashboard that reloads itself from storage at most once a second, on demand.
    public init(refreshingFrom pool: MongoPool, clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds) {
        self.clock = clock
        self.source = DashboardStorageSource(pool: pool)
    }

    /// Replaces the snapshot; cached renders of the old one are dropped by generation.
    public func publish(_ snapshot: DashboardSnapshot) {
        state.withLock {
            $0.snapshot = snapshot
            $0.stats = nil
            $0.versions = nil
            $0.recent = nil
        }
    }

    public var snapshot: DashboardSnapshot { state.withLock { $0.snapshot } }

    /// `GET /api/v1/ui/stats`.
    public func statsResponse() -> HTTPResponse {
        cachedResponse(\.stats) { snapshot, now in
            StatsCards.compute(snapshot.timeline, nowMs: now).jsonBytes
        }
    }

    /// `GET /api/v1/ui/recent_activity?limit=`: `limit` already validated to 1...100.
    public func recentActivityResponse(limit: Int) -> HTTPResponse {
        let render: (DashboardSnapshot, Int64) -> [UInt8] = { snapshot, _ in
            DashboardRender.recentActivity(snapshot, limit: limit)
        }
        guard limit == DashboardRoutes.defaultRecentLimit else {
            return Self.json(render(current(), clock()))
        }
        return cachedResponse(\.recent, render)
    }

    /// `GET /api/v1/ui/agent_versions` with optional filters.
    public func agentVersionsResponse(filter: VersionRowFilter) -> HTTPResponse {
        let render: (DashboardSnapshot, Int64) -> [UInt8] = { snapshot, now in
            DashboardRender.agentVersions(snapshot, filter: filter, nowMs: now)
        }
        guard filter.isEmpty else { return Self.json(render(current(), clock())) }
        return cachedResponse(\.versions, render)
    }

    /// `GET /api/v1/ui/worker`: the worker's figures, `{"setAsideRuns": n, "generation": "..."}`.
    public func workerResponse() -> HTTPResponse {
        let snapshot = current()
        var writer = JSONWriter(capacity: 96)
        writer.beginObject()
        writer.key("setAsideRuns")
        writer.int128(snapshot.setAsideRuns)
        writer.key("generation")
        writer.string(snapshot.generation)
        writer.endObject()
        return Self.json(writer.bytes)
    }

    /// The snapshot, after kicking off a background refresh when one is due (what a reader sees).
    public func currentSnapshot() -> DashboardSnapshot { current() }

    /// The snapshot, after kicking off a background refresh when one is due.
    private func current() -> DashboardSnapshot {
        let now = clock()
        let (snapshot, due) = state.withLock { state -> (DashboardSnapshot, Bool) in
            guard source != nil, !state.refreshing, state.lastRefreshMs.map({ now - $0 >= 1000 }) ?? true else {
                return (state.snapshot, false)
            }
            state.refreshing = true
            state.lastRefreshMs = now
            return (state.snapshot, true)
        }
        if due, let source { startRefresh(source) }
        return snapshot
    }

    private func startRefresh(_ source: DashboardStorageSource) {
        Task { [self] in
            if let data = try? await source.reloadIfChanged(nowMs: clock()) {
                publish(DashboardSnapshot(data: data))
            }
            state.withLock { $0.refreshing = false }
        }
    }

    private func cachedResponse(
        _ slot: WritableKeyPath<State, Cached?>, _ render: (DashboardSnapshot, Int64) -> [UInt8]
    ) -> HTTPResponse {
        let snapshot = current()
        let now = clock()
        let second = now / 1000
        if let cached = state.withLock({ $0[keyPath: slot] }), cached.generation == snapshot.generation,
            cached.second == second
        {
            return cached.response
        }
        let response = Self.json(render(snapshot, now))
        state.withLock { $0[keyPath: slot] = Cached(generation: snapshot.generation, second: second, response: response) }
        return response
    }

    static func json(_ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }
}
