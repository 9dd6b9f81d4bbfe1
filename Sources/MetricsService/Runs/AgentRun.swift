/// A stored run of an agent version, as kept in the `agent_runs` collection.
public struct AgentRun: Sendable, Equatable {
    /// The owning agent's id as hex text.
    public var agentId: String
    /// The agent version's `version` string.
    public var version: String
    /// The client's run id; `(agentId, version, id)` is unique.
    public var id: Int64
    public var taskId: Int64?
    public var status: String
    /// Milliseconds since the epoch.
    public var createdMs: Int64
    /// The Go duration text (see `RunInput.timeTakenText`); nil when not given.
    public var timeTakenText: String?
    /// The same duration in seconds; nil when not given.
    public var timeTakenSeconds: Double?
    public var initiator: String
    public var tools: [String]
    public var models: [String]
    public var cost: Double
    /// Set on runs that arrived over OTLP (`POST /v1/traces`); nil for runs posted as JSON.
    public var trace: RunTrace? = nil

    public init(
        agentId: String, version: String, id: Int64, taskId: Int64?, status: String, createdMs: Int64,
        timeTakenText: String?, timeTakenSeconds: Double?, initiator: String, tools: [String], models: [String],
        cost: Double
    ) {
        self.agentId = agentId
        self.version = version
        self.id = id
        self.taskId = taskId
        self.status = status
        self.createdMs = createdMs
        self.timeTakenText = timeTakenText
        self.timeTakenSeconds = timeTakenSeconds
        self.initiator = initiator
        self.tools = tools
        self.models = models
        self.cost = cost
    }

    /// How the worker counts this run.
    public var outcome: RunOutcome { RunOutcome(status: status) }
}
