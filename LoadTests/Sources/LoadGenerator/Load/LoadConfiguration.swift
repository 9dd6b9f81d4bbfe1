/// Everything a run of the generator needs, built once from the command line (or by a test).
public struct LoadConfiguration: Sendable {
    /// What traffic to send.
    public enum Scenario: String, Sendable, CaseIterable {
        case ingest, read, mixed, connections, url
    }

    public var scenario: Scenario
    /// The server's base URL (or, for `url`, the full URL).
    public var url: TargetURL
    /// Connections in total (spread over the threads).
    public var connections = 50
    /// Event loops (threads) generating load.
    public var threads = 1
    /// Open-loop rate in requests/s over all threads; nil runs a closed loop.
    public var rate: Double?
    public var duration: Duration = .seconds(10)
    public var warmup: Duration = .zero
    /// Requests outstanding per connection.
    public var pipeline = 1
    public var timeout: Duration = .seconds(10)
    /// How long to wait at the end for answers to requests already sent (ingest needs them to know what
    /// was acknowledged).
    public var drain: Duration = .seconds(10)
    public var insecure = false
    public var caFile: String?
    /// Ingest: agents, versions per agent, runs per batch, failure ratio, name prefix.
    public var agents = 10
    public var versions = 3
    public var batch = 100
    public var distributions = RunDistributions()
    public var prefix = "load"
    /// Mixed: fraction of requests that are dashboard reads.
    public var readFraction = 0.2
    /// Skip the end-of-run check that acknowledged runs are stored.
    public var skipVerification = false
    public var seed: UInt64 = 1

    public init(scenario: Scenario, url: TargetURL) {
        self.scenario = scenario
        self.url = url
    }

    /// Endpoint labels for reports, in label-index order.
    public var labels: [String] {
        switch scenario {
        case .url: [url.pathAndQuery]
        case .connections: ["GET " + url.pathAndQuery]
        case .ingest: ["POST runs"]
        case .read: ReadSource.labels
        case .mixed: MixedSource.labels
        }
    }

    /// The plan of agents and versions `ingest` and `mixed` create.
    public var plan: AgentPlan { AgentPlan(prefix: prefix, agents: agents, versionsPerAgent: versions) }
}
