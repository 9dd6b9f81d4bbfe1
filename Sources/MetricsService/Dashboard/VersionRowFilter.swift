import HTTPCore

/// The `agent_versions` query filters; nil means "any".
public struct VersionRowFilter: Sendable, Hashable {
    /// Matches the agent's name or id.
    public var agent: String?
    public var project: String?
    /// `active` or `idle`.
    public var status: String?
    /// `q`: a part of the agent's name, in any case (ASCII letters; other characters as they are).
    public var search: String?

    public init(agent: String? = nil, project: String? = nil, status: String? = nil, search: String? = nil) {
        self.agent = agent
        self.project = project
        self.status = status
        self.search = search
    }

    public var isEmpty: Bool { agent == nil && project == nil && status == nil && search == nil }

    func matches(_ row: VersionRow, nowMs: Int64) -> Bool {
        if let agent, agent != row.agentName && agent != row.version.agentId { return false }
        if let project, project != row.project { return false }
        if let status, status != row.status(nowMs: nowMs) { return false }
        if let search, !Self.contains(row.agentName, search) { return false }
        return true
    }

    /// Whether `text` holds `part`, folding ASCII letters; no allocation per row.
    static func contains(_ text: String, _ part: String) -> Bool {
        let haystack = text.utf8
        let needle = part.utf8
        let length = needle.count
        guard length <= haystack.count else { return false }
        var start = haystack.startIndex
        for _ in 0...(haystack.count - length) {
            if haystack[start...].prefix(length).elementsEqualIgnoringASCIICase(needle) { return true }
            start = haystack.index(after: start)
        }
        return false
    }
}
