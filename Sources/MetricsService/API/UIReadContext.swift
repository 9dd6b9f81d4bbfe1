import HTTPCore

/// What the UI read routes that may reach the database (`ui/timeseries`, `ui/compare`) share: the snapshot they
/// answer from, the stores behind it for an agent or version the snapshot does not know yet, and the handler that
/// turns their errors into responses.
struct UIReadContext: Sendable {
    let dashboard: Dashboard
    let store: TimeSeriesStore
    let agents: AgentStore
    let versions: VersionStore
    let handler: APIHandler

    /// `work` answered off the loop, through `handler.wrap`, which turns whatever it throws into its error response.
    func deferred(
        _ request: HTTPRequest, _ work: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) -> HTTPResponderResult {
        let respond = handler.wrap(work)
        return .pending {
            do {
                return try await respond(request)
            } catch {
                // `wrap` has already turned every error into a response.
                return APIError.internalError().response
            }
        }
    }

    /// The agent `nameOrID` names: from the snapshot, else from storage (one registered since); 404 when neither.
    func resolveAgent(_ nameOrID: String, snapshot: DashboardSnapshot) async throws -> (id: String, name: String) {
        if let id = snapshot.agentID(nameOrID) { return (id, snapshot.agentNames[id] ?? "") }
        guard let agent = try await agents.find(idOrName: nameOrID) else {
            throw APIError.notFound("no agent with id or name \"\(nameOrID)\"")
        }
        return (agent.id, agent.name)
    }

    /// 404 unless the agent (`agent` as the request named it) has `version`, in the snapshot or in storage.
    func requireVersion(
        _ version: String, agentId: String, named agent: String, snapshot: DashboardSnapshot
    ) async throws {
        if !snapshot.versionKeys.contains(VersionKey(agentId: agentId, version: version)),
            try await versions.find(agentId: agentId, version: version) == nil
        {
            throw APIError.notFound("agent \"\(agent)\" has no version \"\(version)\"")
        }
    }
}
