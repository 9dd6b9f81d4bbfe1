/// Identifies an agent version the way runs do: the agent's hex id plus the version string.
public struct VersionKey: Sendable, Hashable, Comparable {
    public var agentId: String
    public var version: String

    public init(agentId: String, version: String) {
        self.agentId = agentId
        self.version = version
    }

    /// The `_id` of the version's `agent_version_metrics` document. Agent ids are hex, so the
    /// first `/` always separates the two parts.
    public var documentID: String { agentId + "/" + version }

    public static func < (lhs: VersionKey, rhs: VersionKey) -> Bool {
        (lhs.agentId, lhs.version) < (rhs.agentId, rhs.version)
    }
}
