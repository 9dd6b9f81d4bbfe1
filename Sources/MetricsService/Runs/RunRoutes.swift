import HTTPCore

/// `POST|GET /api/v1/agents/{agentId}/versions/{version}/runs` and `GET /api/v1/agents/{agentId}/runs`.
struct RunRoutes: Sendable {
    let agents: AgentStore
    let versions: VersionStore
    let runs: RunStore
    let indexes: IndexSetup
    let clock: WallClock
    let handler: APIHandler
    /// Shared by every loop's routes.
    let targets: IngestTargets
    /// The worker in this process, told when runs are stored so its next pass starts within its
    /// `wakeDelay`; nil without one.
    let wakeup: PassWakeup?
    /// The dashboard, which shows acknowledged runs at once while this process's worker holds the lease
    /// (`PendingRuns`); nil without a worker.
    let dashboard: Dashboard?

    func register(in router: inout Router) {
        router.post(
            "/api/v1/agents/{agentId}/versions/{version}/runs",
            handler.wrap { [self] request in
                try await ingest(request)
            })
        router.get(
            "/api/v1/agents/{agentId}/versions/{version}/runs",
            handler.wrap { [self] request in
                let query = try RunListQuery.decode(request.queryParameters)
                let agent = try await agents.require(request)
                let version = try await versions.require(agent: agent, request)
                return try await page(request, RunStore.Scope(agentId: agent.id, version: version.version), query)
            })
        router.get(
            "/api/v1/agents/{agentId}/runs",
            handler.wrap { [self] request in
                let query = try RunListQuery.decode(request.queryParameters)
                let agent = try await agents.require(request)
                return try await page(request, RunStore.Scope(agentId: agent.id), query)
            })
    }

    /// Validates the whole body, then stores it with one bulk insert (shared with concurrent requests);
    /// re-sent runs are counted as duplicates, never stored twice.
    ///
    /// Once this process knows the agent and version, the body goes straight to BSON
    /// (`RunDocumentEncoder`); otherwise, and for any body the fast path declines, `RunBatch.decode` is the
    /// reference: it reports every error, before the agent and version are looked up.
    private func ingest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let receivedMs = clock.milliseconds()
        let agentSegment = request.pathParameters["agentId"] ?? ""
        let versionSegment = request.pathParameters["version"] ?? ""
        let samples = dashboard?.acceptsPendingRuns ?? false
        let target: IngestTargets.Target
        let documents: RunDocuments
        if let known = targets.cached(agent: agentSegment, version: versionSegment),
            let encoded = RunDocumentEncoder.encode(
                body: request.body, receivedMs: receivedMs, target: known, samples: samples)
        {
            (target, documents) = (known, encoded)
        } else {
            let batch = try RunBatch.decode(body: request.body, receivedMs: receivedMs)
            target = try await targets.resolve(agent: agentSegment, version: versionSegment) {
                let agent = try await agents.require(request)
                let version = try await versions.require(agent: agent, request)
                return IngestTargets.Target(agentId: agent.id, version: version.version)
            }
            documents = RunDocuments(batch, target: target, samples: samples)
        }
        // Deduplication is the unique (agent_id, version, run_id) index's job.
        try await indexes.ensureCreated()
        let result = try await runs.insert(documents)
        if result.inserted > 0 {
            if samples, let dashboard, dashboard.acceptsPendingRuns {
                dashboard.addPending(documents.samples(except: result.duplicateIndexes))
            }
            wakeup?.signal()
        }
        guard documents.isSingle, let run = documents.single else {
            var writer = JSONWriter(capacity: 48)
            writer.beginObject()
            writer.key("inserted")
            writer.int(Int64(result.inserted))
            writer.key("duplicates")
            writer.int(Int64(result.duplicateIndexes.count))
            writer.endObject()
            return JSONResponse.make(.created, writer.bytes)
        }
        guard !result.duplicateIndexes.isEmpty else {
            return JSONResponse.make(.created, run.jsonBytes)
        }
        // A re-sent single run answers with what is stored, which may differ from this copy.
        let stored = try await runs.find(agentId: target.agentId, version: target.version, runId: run.id)
        return JSONResponse.make(.ok, (stored ?? run).jsonBytes)
    }

    private func page(
        _ request: HTTPRequest, _ scope: RunStore.Scope, _ query: RunListQuery
    ) async throws -> HTTPResponse {
        let (found, next) = try await runs.list(scope, query)
        var headers = HTTPHeaders()
        if let next {
            let target = QueryComponent.encodePath(request.path)
            headers.add(name: "Link", value: "<\(target)?\(query.nextQueryString(after: next))>; rel=\"next\"")
        }
        return JSONResponse.make(.ok, found.jsonBytes, headers: headers)
    }
}
