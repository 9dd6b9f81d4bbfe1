/// A run of an agent version: the record stored in the `agent_runs` collection, and the validated run read
/// from a request body (`decode`), which carries an empty `agentId` and `version` until `with(agentId:version:)`
/// places it under the path's agent version.
public struct AgentRun: Sendable, Equatable {
    /// The owning agent's id as hex text.
    public var agentId: String
    /// The agent version's `version` string.
    public var version: String
    /// The client's run id; `(agentId, version, id)` is unique.
    public var id: Int64
    public var taskId: Int64?
    /// Non-empty; see `RunOutcome` for how it is read.
    public var status: String
    /// When the run was created, in milliseconds since the epoch; the receive time when not given.
    public var createdMs: Int64
    /// `time_taken` as a Go duration string: the client's text when it sent a string, Go's formatting of the
    /// seconds when it sent a number (so the field always reads back as a duration); nil when not given.
    public var timeTakenText: String?
    /// `time_taken` in seconds (>= 0); nil when not given.
    public var timeTakenSeconds: Double?
    /// `""` when not given.
    public var initiator: String
    public var tools: [String]
    public var models: [String]
    /// Non-negative; 0 when not given.
    public var cost: Double
    /// Set on runs that arrived over OTLP (`POST /v1/traces`); nil for runs posted as JSON.
    public var trace: RunTrace? = nil

    public init(
        agentId: String = "", version: String = "", id: Int64, taskId: Int64? = nil, status: String,
        createdMs: Int64, timeTakenText: String? = nil, timeTakenSeconds: Double? = nil, initiator: String = "",
        tools: [String] = [], models: [String] = [], cost: Double = 0
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
