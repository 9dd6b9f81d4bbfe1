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
/// with `init(refreshingFrom:)` and calls `startRefreshing(on:)`, which looks up the saved generation
/// every `freshness.checkInterval` on the loop's timers, read or no read, and reloads when it changed.
/// Until the first snapshot is published, UI reads wait for it (at most `freshness.firstLoadWait`)
/// rather than answer from the empty one; after that they never wait.
public final class Dashboard: Sendable {
    struct Cached {
        var generation: String
        var second: Int64
        var pendingVersion: UInt64
        var response: CompressibleResponse
    }

    struct State {
        var snapshot = DashboardSnapshot.empty
        /// Acknowledged runs not yet in `snapshot` (see `PendingRuns`); empty unless this process's
        /// worker holds the lease.
        var pending = PendingRuns()
        /// `recent` with the pending runs merged in, for the snapshot generation and pending version.
        var merged: (generation: String, pendingVersion: UInt64, recent: [RunSample])?
        var stats: Cached?
        var recent: Cached?
        var refreshStopped = false
    }

    let state = LockedValue(State())
    /// `agent_versions` answers (pages, orders, filters) by the request's query string, dropped at each publish.
    let versionPages = RenderCache<String>(maximumEntries: 64, maximumBytes: 16 << 20)
    /// Milliseconds since the epoch.
    public let clock: @Sendable () -> Int64
    let storageSource: DashboardStorageSource?
    public let freshness: DashboardFreshness
    private let firstLoad = FirstLoadGate()
    /// The thresholds of the regressions in snapshots this dashboard builds from storage (`snapshot(of:)`).
    public let comparison: ComparisonConfiguration
    let regressionCache = RegressionCache()

    /// A dashboard fed by `publish` (a worker in this process, or a test).
    public init(
        clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds,
        freshness: DashboardFreshness = DashboardFreshness()
    ) {
        self.clock = clock
        self.storageSource = nil
        self.freshness = freshness
        self.comparison = ComparisonConfiguration()
    }

    /// A dashboard that reloads itself from storage once `startRefreshing(on:)` is called.
    public init(
        refreshingFrom pool: MongoPool, clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds,
        freshness: DashboardFreshness = DashboardFreshness(),
        comparison: ComparisonConfiguration = ComparisonConfiguration()
    ) {
        self.clock = clock
        self.storageSource = DashboardStorageSource(pool: pool)
        self.freshness = freshness
        self.comparison = comparison
    }

    /// Replaces the snapshot; cached renders of the old one are dropped by generation.
    public func publish(_ snapshot: DashboardSnapshot) {
        state.withLock {
            $0.snapshot = snapshot
            $0.stats = nil
            $0.recent = nil
        }
        versionPages.removeAll()
        firstLoad.open()
    }

    /// Publishes `snapshot` unless another publish (the worker's) replaced the snapshot whose generation was
    /// `expected` meanwhile: a reload that started earlier must not overwrite newer data.
    func publish(_ snapshot: DashboardSnapshot, ifGenerationIs expected: String) {
        let replaced = state.withLock { state -> Bool in
            guard state.snapshot.generation == expected else { return false }
            state.snapshot = snapshot
            state.stats = nil
            state.recent = nil
            return true
        }
        if replaced {
            versionPages.removeAll()
            firstLoad.open()
        }
    }

    var isRefreshStopped: Bool { state.withLock { $0.refreshStopped } }

    func markRefreshStopped() { state.withLock { $0.refreshStopped = true } }

    func openFirstLoad() { firstLoad.open() }

    /// Whether a snapshot has been published (reads no longer wait).
    public var isLoaded: Bool { firstLoad.isOpen }

    /// Returns once a snapshot has been published, or after `timeout`; true when one has.
    @discardableResult
    public func waitUntilLoaded(timeout: Duration) async -> Bool {
        await firstLoad.wait(timeout: timeout)
    }

    /// Answers with `render()` after waiting for the first snapshot, at most `freshness.firstLoadWait`
    /// (then from the empty one). Routes call it only while `isLoaded` is false, so a loaded dashboard's
    /// reads create no closure and no task.
    public func afterFirstLoad(_ render: @escaping @Sendable () -> HTTPResponse) -> HTTPResponderResult {
        let wait = freshness.firstLoadWait
        return .pending { [self] in
            await firstLoad.wait(timeout: wait)
            return render()
        }
    }

    public var snapshot: DashboardSnapshot { state.withLock { $0.snapshot } }

    /// `GET /api/v1/ui/stats`; gzip-encoded when `acceptsGzip` (and the body is large enough), as for every UI
    /// answer below.
    public func statsResponse(acceptsGzip: Bool = false) -> HTTPResponse {
        cachedResponse(\.stats, acceptsGzip: acceptsGzip) { snapshot, pending, now in
            let extra = pending.runs.isEmpty ? nil : DashboardTimeline(minutes: pending.minutes)
            return StatsCards.compute(snapshot.timeline, pending: extra, nowMs: now).jsonBytes
        }
    }

    /// `GET /api/v1/ui/recent_activity?limit=`: `limit` already validated to 1...100.
    public func recentActivityResponse(limit: Int, acceptsGzip: Bool = false) -> HTTPResponse {
        let render: (DashboardSnapshot, PendingRuns, Int64) -> [UInt8] = { snapshot, pending, _ in
            DashboardRender.recentActivity(snapshot, recent: self.recentList(snapshot, pending), limit: limit)
        }
        guard limit == DashboardRoutes.defaultRecentLimit else {
            let (snapshot, pending) = state.withLock { ($0.snapshot, $0.pending) }
            let rendered = CompressibleResponse(JSONResponse.make(.ok, render(snapshot, pending, clock())))
            return rendered.response(acceptsGzip: acceptsGzip)
        }
        return cachedResponse(\.recent, acceptsGzip: acceptsGzip, render)
    }

    /// `GET /api/v1/ui/agent_versions`: a page (or all) of the rows in the query's order, with `Link: rel="next"`
    /// when more rows match. With `rawQuery` (the request's query string, which always decodes to `query`) it is
    /// rendered once per snapshot, wall-clock second (the `status` column moves with the clock) and query string,
    /// and a repeated request finds it through `cachedAgentVersions` without decoding its query.
    public func agentVersionsResponse(
        _ query: VersionRowQuery = VersionRowQuery(), rawQuery: String? = nil, acceptsGzip: Bool = false
    ) -> HTTPResponse {
        let now = clock()
        let snapshot = current()
        let stamp = RenderCache<String>.Stamp(generation: snapshot.generation, period: now / 1000)
        if let rawQuery, let cached = versionPages.response(for: rawQuery, stamp: stamp) {
            return cached.response(acceptsGzip: acceptsGzip)
        }
        let (body, next) = DashboardRender.agentVersions(snapshot, query: query, nowMs: now)
        var response = JSONResponse.make(.ok, body)
        if let next {
            response.headers.add(
                name: "Link",
                value: "<\(DashboardRoutes.agentVersionsPath)?\(query.nextQueryString(after: next))>; rel=\"next\"")
        }
        let rendered = CompressibleResponse(response)
        if let rawQuery { versionPages.store(rendered, for: rawQuery, stamp: stamp) }
        return rendered.response(acceptsGzip: acceptsGzip)
    }

    /// The `agent_versions` answer rendered for exactly this query string in the current snapshot and second.
    func cachedAgentVersions(rawQuery: String) -> CompressibleResponse? {
        versionPages.response(for: rawQuery, stamp: RenderCache.Stamp(generation: generation, period: clock() / 1000))
    }

    /// The current snapshot's generation, without copying the snapshot.
    var generation: String { state.withLock { $0.snapshot.generation } }

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
        return JSONResponse.make(.ok, writer.bytes)
    }

    /// The snapshot readers see now (for `/metrics`' per-version series).
    public func currentSnapshot() -> DashboardSnapshot { current() }

    private func current() -> DashboardSnapshot { state.withLock { $0.snapshot } }

    /// The snapshot's recent runs with the pending ones merged in, merged once per change of either.
    private func recentList(_ snapshot: DashboardSnapshot, _ pending: PendingRuns) -> [RunSample] {
        guard !pending.runs.isEmpty else { return snapshot.recent }
        if let merged = state.withLock({ $0.merged }), merged.generation == snapshot.generation,
            merged.pendingVersion == pending.version
        {
            return merged.recent
        }
        let recent = pending.recent(over: snapshot.recent)
        state.withLock { $0.merged = (snapshot.generation, pending.version, recent) }
        return recent
    }

    /// The cached render for this snapshot, second and set of pending runs, or a new one.
    private func cachedResponse(
        _ slot: WritableKeyPath<State, Cached?>, acceptsGzip: Bool,
        _ render: (DashboardSnapshot, PendingRuns, Int64) -> [UInt8]
    ) -> HTTPResponse {
        let now = clock()
        let second = now / 1000
        let (snapshot, pending, cached) = state.withLock { ($0.snapshot, $0.pending, $0[keyPath: slot]) }
        let pendingVersion = pending.version
        if let cached, cached.generation == snapshot.generation, cached.second == second,
            cached.pendingVersion == pendingVersion
        {
            return cached.response.response(acceptsGzip: acceptsGzip)
        }
        let response = CompressibleResponse(JSONResponse.make(.ok, render(snapshot, pending, now)))
        state.withLock {
            $0[keyPath: slot] = Cached(
                generation: snapshot.generation, second: second, pendingVersion: pendingVersion, response: response)
        }
        return response.response(acceptsGzip: acceptsGzip)
    }
}
