/// A version of an agent, as stored in the `agent_versions` collection.
public struct AgentVersion: Sendable, Equatable {
    /// The ObjectId as 24 lowercase hex digits.
    public var id: String
    /// The owning agent's id as hex text (nx-27017 cannot match ObjectIds outside `_id`).
    public var agentId: String
    /// Unique per agent.
    public var version: String
    public var cluster: String
    public var deployment: String
    public var tools: [String]
    public var models: [String]
    /// Milliseconds since the epoch.
    public var createdMs: Int64

    public init(
        id: String, agentId: String, version: String, cluster: String, deployment: String,
        tools: [String], models: [String], createdMs: Int64
    ) {
        self.id = id
        self.agentId = agentId
        self.version = version
        self.cluster = cluster
        self.deployment = deployment
        self.tools = tools
        self.models = models
        self.createdMs = createdMs
    }

    /// Whether re-posting `request` repeats this version exactly (200) rather than contradicting
    /// it (409). Lists compare in order: the client sent them in that order.
    public func hasSameContent(as request: CreateVersionRequest) -> Bool {
        version == request.version && cluster == request.cluster && deployment == request.deployment
            && tools == request.tools && models == request.models
    }
}
