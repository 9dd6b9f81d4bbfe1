import HTTPCore

/// `POST|GET /api/v1/agents/{agentId}/versions` and `GET .../versions/{version}`.
struct VersionRoutes: Sendable {
    let agents: AgentStore
    let versions: VersionStore
    let indexes: IndexSetup
    let clock: WallClock
    let handler: APIHandler

    func register(in router: inout Router) {
        router.post(
            "/api/v1/agents/{agentId}/versions",
            handler.wrap { [self] request in
                let body = try CreateVersionRequest.decode(body: request.body)
                let agent = try await agents.require(request)
                try await indexes.ensureCreated()
                switch try await versions.create(agentId: agent.id, body, nowMs: clock.milliseconds()) {
                case .created(let version):
                    return JSONResponse.make(.created, version.jsonBytes)
                case .existing(let version):
                    return JSONResponse.make(.ok, version.jsonBytes)
                case .conflict:
                    throw APIError.conflict(
                        "version \"\(body.version)\" of agent \"\(agent.name)\" already exists with different content")
                }
            })
        router.get(
            "/api/v1/agents/{agentId}/versions",
            handler.wrap { [self] request in
                let agent = try await agents.require(request)
                return JSONResponse.make(.ok, try await versions.list(agentId: agent.id).jsonBytes)
            })
        router.get(
            "/api/v1/agents/{agentId}/versions/{version}",
            handler.wrap { [self] request in
                let agent = try await agents.require(request)
                return JSONResponse.make(.ok, try await versions.require(agent: agent, request).jsonBytes)
            })
    }
}

extension VersionStore {
    /// The version addressed by a route's `{version}` under `agent`, or 404 `not_found`.
    func require(agent: Agent, _ request: HTTPRequest) async throws -> AgentVersion {
        let version = request.pathParameters["version"] ?? ""
        // No stored version holds a NUL (see `FieldBounds.containsNUL`); asking would let the database cut it off.
        guard !FieldBounds.containsNUL(version), let stored = try await find(agentId: agent.id, version: version) else {
            throw APIError.notFound("agent \"\(agent.name)\" has no version \"\(version)\"")
        }
        return stored
    }
}
