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

    let dashboard: Dashboard
    let store: TimeSeriesStore
    let agents: AgentStore
    let versions: VersionStore
    let handler: APIHandler
    /// By query string; shared by every loop's router.
    let cache: RenderCache<String>

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
        let respond = handler.wrap { request in
            let rendered = try await render(query, snapshot: dashboard.currentSnapshot())
            cache.store(rendered, for: rawQuery, stamp: stamp)
            return rendered.response(for: request)
        }
        return .pending {
            do {
                return try await respond(request)
            } catch {
                // `wrap` has already turned every error into a response.
                return APIError.internalError().response
            }
        }
    }

    private func render(_ query: TimeSeriesQuery, snapshot: DashboardSnapshot) async throws -> CompressibleResponse {
        let agentId = try await resolveAgent(query.agent, snapshot: snapshot)
        if let version = query.version, !snapshot.versionKeys.contains(VersionKey(agentId: agentId, version: version)),
            try await versions.find(agentId: agentId, version: version) == nil
        {
            throw APIError.notFound("agent \"\(query.agent)\" has no version \"\(version)\"")
        }
        let buckets = try await store.buckets(
            agentId: agentId, version: query.version, width: query.width, fromMs: query.firstStartMs,
            untilMs: query.endMs)
        return CompressibleResponse(JSONResponse.make(.ok, TimeSeriesRender.render(query, buckets: buckets)))
    }

    private func resolveAgent(_ nameOrID: String, snapshot: DashboardSnapshot) async throws -> String {
        if let id = snapshot.agentID(nameOrID) { return id }
        guard let agent = try await agents.find(idOrName: nameOrID) else {
            throw APIError.notFound("no agent with id or name \"\(nameOrID)\"")
        }
        return agent.id
    }
}
