/// An immutable, read-optimised view of the dashboard: what the UI handlers render from. A class, so that
/// handing the current snapshot to a request is one reference count, not one per member.
public final class DashboardSnapshot: Sendable {
    /// One per agent version, ordered by agent name, then newest version first.
    public let rows: [VersionRow]
    public let timeline: DashboardTimeline
    /// Newest first, at most `RunSample.recentKeep`.
    public let recent: [RunSample]
    /// Agent id → name, for `recent_activity`.
    public let agentNames: [String: String]
    /// Agent name → id, and every version's key: how `ui/timeseries` resolves its query without the database.
    public let agentIDs: [String: String]
    public let versionKeys: Set<VersionKey>
    public let generation: String
    /// Runs the worker set aside because they could not be counted.
    public let setAsideRuns: Int128
    /// `rows` in each order `agent_versions` was asked for, sorted once per snapshot.
    let orders = VersionOrders()

    /// - Parameter regressions: each version's comparison with its predecessor, where it has one.
    public init(data: DashboardData, regressions: [VersionKey: VersionRegression] = [:]) {
        var agents: [String: Agent] = [:]
        for agent in data.agents { agents[agent.id] = agent }
        var rows: [VersionRow] = []
        rows.reserveCapacity(data.versions.count)
        for version in data.versions {
            let key = VersionKey(agentId: version.agentId, version: version.version)
            let agent = agents[version.agentId]
            rows.append(
                VersionRow(
                    version: version, agentName: agent?.name ?? "", project: agent?.project ?? "",
                    aggregate: data.aggregates[key] ?? VersionAggregate(key: key), regression: regressions[key]))
        }
        rows.sort {
            $0.agentName != $1.agentName
                ? $0.agentName < $1.agentName
                : ($0.version.createdMs != $1.version.createdMs
                    ? $0.version.createdMs > $1.version.createdMs : $0.version.version < $1.version.version)
        }
        self.rows = rows
        self.timeline = DashboardTimeline(minutes: data.minutes.values)
        self.recent = data.recent
        self.agentNames = agents.mapValues(\.name)
        self.agentIDs = Dictionary(data.agents.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        self.versionKeys = Set(data.versions.map { VersionKey(agentId: $0.agentId, version: $0.version) })
        self.generation = data.generation
        self.setAsideRuns = data.setAsideRuns
    }

    /// An empty dashboard, served until the first load.
    public static let empty = DashboardSnapshot(data: DashboardData())
}

extension DashboardSnapshot {
    /// The id of the agent named or identified by `nameOrID`, if this snapshot knows it.
    public func agentID(_ nameOrID: String) -> String? {
        agentNames[nameOrID] != nil ? nameOrID : agentIDs[nameOrID]
    }
}
