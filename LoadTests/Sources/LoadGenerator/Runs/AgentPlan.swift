/// The agents and versions an `ingest` or `mixed` run creates, named so that runs of the generator against
/// one database never collide (the prefix is random unless given).
public struct AgentPlan: Sendable {
    /// One agent version the generator posts runs to.
    public struct Version: Sendable, Hashable {
        /// Position in `versions`, used to spread versions over worker threads.
        public var index: Int
        public var agent: String
        public var version: String
        public var tools: [String]
        public var models: [String]
    }

    public let prefix: String
    public let agentCount: Int
    public let versionsPerAgent: Int
    /// Every agent version, agent-major.
    public let versions: [Version]

    static let toolPool = ["search", "browser", "code_interpreter", "sql", "email", "calendar", "jira", "github"]
    static let modelPool = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "llama-3-70b", "mistral-large"]

    /// Plans `agents` agents named `<prefix>-agent-<n>` with `versionsPerAgent` versions `1.0.0`, `1.1.0`, ….
    public init(prefix: String, agents: Int, versionsPerAgent: Int) {
        self.prefix = prefix
        agentCount = agents
        self.versionsPerAgent = versionsPerAgent
        var versions: [Version] = []
        versions.reserveCapacity(agents * versionsPerAgent)
        for agent in 0..<agents {
            for minor in 0..<versionsPerAgent {
                let index = versions.count
                let tools = (0..<(2 + index % 3)).map { Self.toolPool[(index + $0 * 3) % Self.toolPool.count] }
                let models = (0..<(1 + index % 2)).map { Self.modelPool[(index + $0 * 2) % Self.modelPool.count] }
                versions.append(
                    Version(
                        index: index, agent: "\(prefix)-agent-\(agent)", version: "1.\(minor).0", tools: tools,
                        models: models))
            }
        }
        self.versions = versions
    }

    /// The agent names, in order.
    public var agentNames: [String] { (0..<agentCount).map { "\(prefix)-agent-\($0)" } }

    /// The versions worker `worker` of `workers` owns: each version belongs to exactly one worker, so run ids
    /// are allocated without any sharing between threads.
    public func versions(forWorker worker: Int, of workers: Int) -> [Version] {
        versions.filter { $0.index % workers == worker }
    }
}
