import HTTPCore

/// `GET /api/v1/ui/compare`: two versions of one agent compared by `VersionComparison`.
///
/// All-time comparisons read the dashboard snapshot's aggregates; with `since`, the versions' runs in the window
/// come from the worker's hourly and daily buckets (`TimeSeriesStore.windowSums`: at most three indexed range
/// reads, never `agent_runs`). Either answer is cached by the request's query string for the snapshot's generation,
/// which every worker pass that changes the aggregates or buckets moves on, so a repeated request is answered in
/// place without decoding its query.
struct CompareRoutes: Sendable {
    static let path = "/api/v1/ui/compare"

    let context: UIReadContext
    let configuration: ComparisonConfiguration
    /// By query string; shared by every loop's router.
    let cache: RenderCache<String>

    private var dashboard: Dashboard { context.dashboard }

    func register(in router: inout Router) {
        router.get(Self.path, deferrable: { request in start(request) })
    }

    private func start(_ request: HTTPRequest) -> HTTPResponderResult {
        let rawQuery = request.query ?? ""
        if dashboard.isLoaded,
            let cached = cache.response(for: rawQuery, stamp: .init(generation: dashboard.generation))
        {
            return .response(cached.response(for: request))
        }
        let query: CompareQuery
        do {
            query = try CompareQuery.decode(request.queryParameters)
        } catch {
            return .response(error.response)
        }
        return context.deferred(request) { request in
            await dashboard.waitUntilLoaded(timeout: dashboard.freshness.firstLoadWait)
            let snapshot = dashboard.currentSnapshot()
            let rendered = try await render(query, snapshot: snapshot)
            cache.store(rendered, for: rawQuery, stamp: .init(generation: snapshot.generation))
            return rendered.response(for: request)
        }
    }

    private func render(_ query: CompareQuery, snapshot: DashboardSnapshot) async throws -> CompressibleResponse {
        let agent = try await context.resolveAgent(query.agent, snapshot: snapshot)
        for version in [query.base, query.candidate] {
            try await context.requireVersion(version, agentId: agent.id, named: query.agent, snapshot: snapshot)
        }
        let base: ComparisonSample
        let candidate: ComparisonSample
        if let sinceMs = query.sinceMs {
            let sums = try await context.store.windowSums(agentId: agent.id, sinceMs: sinceMs)
            base = ComparisonSample(sums[query.base] ?? RunSums())
            candidate = ComparisonSample(sums[query.candidate] ?? RunSums())
        } else {
            base = ComparisonSample(snapshot.aggregate(VersionKey(agentId: agent.id, version: query.base)))
            candidate = ComparisonSample(snapshot.aggregate(VersionKey(agentId: agent.id, version: query.candidate)))
        }
        return CompressibleResponse(
            JSONResponse.make(
                .ok,
                CompareRender.render(
                    agent: agent, query: query, base: base, candidate: candidate, configuration: configuration)))
    }
}

extension DashboardSnapshot {
    /// The aggregate of a version; empty for one without counted runs or unknown to the snapshot.
    func aggregate(_ key: VersionKey) -> VersionAggregate {
        rows.first { $0.aggregate.key == key }?.aggregate ?? VersionAggregate(key: key)
    }
}
