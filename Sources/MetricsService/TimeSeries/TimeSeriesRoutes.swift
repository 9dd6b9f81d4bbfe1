import HTTPCore

/// `GET /api/v1/ui/timeseries`: an agent's (or one version's) runs per hour or day, from the worker's buckets.
///
/// The agent and version are resolved from the dashboard's snapshot (the database only for one it does not know
/// yet), and a rendered series is cached for the snapshot's generation: the buckets change only with a worker
/// pass, which changes the generation. So a repeated request is answered in place, and any other reads one
/// indexed range of one bucket collection.
struct TimeSeriesRoutes: Sendable {
    static let path = "/api/v1/ui/timeseries"

    /// A series as cached: the resolved agent id and the range.
    struct Key: Hashable, Sendable {
        var agentId: String
        var version: String?
        var width: BucketWidth
        var firstStartMs: Int64
        var count: Int
    }

    let dashboard: Dashboard
    let store: TimeSeriesStore
    let agents: AgentStore
    let versions: VersionStore
    let handler: APIHandler
    /// Shared by every loop's router.
    let cache: RenderCache<Key>

    func register(in router: inout Router) {
        router.get(Self.path, deferrable: { request in start(request) })
    }

    private func start(_ request: HTTPRequest) -> HTTPResponderResult {
        let query: TimeSeriesQuery
        do {
            query = try TimeSeriesQuery.decode(request.queryParameters, nowMs: dashboard.clock())
        } catch {
            return .response(error.response)
        }
        let snapshot = dashboard.currentSnapshot()
        if let agentId = snapshot.agentID(query.agent),
            query.version.map({ snapshot.versionKeys.contains(VersionKey(agentId: agentId, version: $0)) }) ?? true,
            let cached = cache.response(for: key(query, agentId: agentId), stamp: .init(generation: snapshot.generation))
        {
            return .response(cached)
        }
        let respond = handler.wrap { _ in try await render(query, snapshot: snapshot) }
        return .pending {
            do {
                return try await respond(request)
            } catch {
                // `wrap` has already turned every error into a response.
                return APIError.internalError().response
            }
        }
    }

    private func key(_ query: TimeSeriesQuery, agentId: String) -> Key {
        Key(
            agentId: agentId, version: query.version, width: query.width, firstStartMs: query.firstStartMs,
            count: query.count)
    }

    private func render(_ query: TimeSeriesQuery, snapshot: DashboardSnapshot) async throws -> HTTPResponse {
        let agentId = try await resolveAgent(query.agent, snapshot: snapshot)
        if let version = query.version, !snapshot.versionKeys.contains(VersionKey(agentId: agentId, version: version)),
            try await versions.find(agentId: agentId, version: version) == nil
        {
            throw APIError.notFound("agent \"\(query.agent)\" has no version \"\(version)\"")
        }
        let buckets = try await store.buckets(
            agentId: agentId, version: query.version, width: query.width, fromMs: query.firstStartMs,
            untilMs: query.endMs)
        let response = Dashboard.json(TimeSeriesRender.render(query, buckets: buckets))
        cache.store(response, for: key(query, agentId: agentId), stamp: .init(generation: snapshot.generation))
        return response
    }

    private func resolveAgent(_ nameOrID: String, snapshot: DashboardSnapshot) async throws -> String {
        if let id = snapshot.agentID(nameOrID) { return id }
        guard let agent = try await agents.find(idOrName: nameOrID) else {
            throw APIError.notFound("no agent with id or name \"\(nameOrID)\"")
        }
        return agent.id
    }
}
