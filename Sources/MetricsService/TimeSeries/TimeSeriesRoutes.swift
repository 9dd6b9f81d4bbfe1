import HTTPCore

/// `GET /api/v1/ui/timeseries`: an agent's (or one version's) runs per hour or day, from the worker's buckets.
///
/// A rendered series is cached by the request's query string for the snapshot's generation and the wall-clock
/// hour: the buckets change only with a worker pass, which changes the generation, and a default range moves only
/// when the hour (or day) does. So a repeated request is answered in place, without decoding its query; any other
/// resolves the agent and version from the snapshot (the database only for one it does not know yet) and reads one
/// indexed range of one bucket collection. Over 1 KiB, it goes gzip-encoded to clients that accept it.
struct TimeSeriesRoutes: Sendable {
    static let path = "/api/v1/ui/timeseries"

    let context: UIReadContext
    /// By query string; shared by every loop's router.
    let cache: RenderCache<String>

    private var dashboard: Dashboard { context.dashboard }

    func register(in router: inout Router) {
        router.get(Self.path, deferrable: { request in start(request) })
    }

    private func start(_ request: HTTPRequest) -> HTTPResponderResult {
        let now = dashboard.clock()
        let rawQuery = request.query ?? ""
        let stamp = RenderCache<String>.Stamp(
            generation: dashboard.generation, period: now / BucketWidth.hour.lengthMs)
        if let cached = cache.response(for: rawQuery, stamp: stamp) { return .response(cached.response(for: request)) }
        let query: TimeSeriesQuery
        do {
            query = try TimeSeriesQuery.decode(request.queryParameters, nowMs: now)
        } catch {
            return .response(error.response)
        }
        return context.deferred(request) { request in
            let rendered = try await render(query, snapshot: dashboard.currentSnapshot())
            cache.store(rendered, for: rawQuery, stamp: stamp)
            return rendered.response(for: request)
        }
    }

    private func render(_ query: TimeSeriesQuery, snapshot: DashboardSnapshot) async throws -> CompressibleResponse {
        let agentId = try await context.resolveAgent(query.agent, snapshot: snapshot).id
        if let version = query.version {
            try await context.requireVersion(version, agentId: agentId, named: query.agent, snapshot: snapshot)
        }
        let buckets = try await context.store.buckets(
            agentId: agentId, version: query.version, width: query.width, fromMs: query.firstStartMs,
            untilMs: query.endMs)
        return CompressibleResponse(JSONResponse.make(.ok, TimeSeriesRender.render(query, buckets: buckets)))
    }
}
