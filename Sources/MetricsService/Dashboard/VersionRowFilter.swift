/// The `agent_versions` query filters; nil means "any".
public struct VersionRowFilter: Sendable, Equatable {
    /// Matches the agent's name or id.
    public var agent: String?
    public var project: String?
    /// `active` or `idle`.
    public var status: String?

    public init(agent: String? = nil, project: String? = nil, status: String? = nil) {
        self.agent = agent
        self.project = project
        self.status = status
    }

    public var isEmpty: Bool { agent == nil && project == nil && status == nil }

    func matches(_ row: VersionRow, nowMs: Int64) -> Bool {
        if let agent, agent != row.agentName && agent != row.version.agentId { return false }
        if let project, project != row.project { return false }
        if let status, status != row.status(nowMs: nowMs) { return false }
        return true
    }
}
