import HTTPCore

/// `GET /api/v1/agents` and `POST /api/v1/agents/{name}/register`.
struct AgentRoutes: Sendable {
    let agents: AgentStore
    let indexes: IndexSetup
    let clock: WallClock
    let handler: APIHandler

    func register(in router: inout Router) {
        router.get(
            "/api/v1/agents",
            handler.wrap { [agents] _ in
                JSONResponse.make(.ok, try await agents.list().jsonBytes)
            })
        router.post(
            "/api/v1/agents/{name}/register",
            handler.wrap { [self] request in
                let body = try RegisterAgentRequest.decode(
                    body: request.body, pathName: request.pathParameters["name"] ?? "")
                // One agent per name rests on the unique index, so it must exist before the insert.
                try await indexes.ensureCreated()
                let (agent, created) = try await agents.register(body, nowMs: clock.milliseconds())
                return JSONResponse.make(created ? .created : .ok, agent.jsonBytes)
            })
    }
}

extension AgentStore {
    /// The agent addressed by a route's `{agentId}` (id or name), or 404 `not_found`.
    func require(_ request: HTTPRequest) async throws -> Agent {
        let idOrName = request.pathParameters["agentId"] ?? ""
        // No stored name holds a NUL (see `FieldBounds.containsNUL`); asking would let the database cut it off.
        guard !FieldBounds.containsNUL(idOrName), let agent = try await find(idOrName: idOrName) else {
            throw APIError.notFound("no agent with id or name \"\(idOrName)\"")
        }
        return agent
    }
}
