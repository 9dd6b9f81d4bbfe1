/// Everything a dashboard snapshot is built from: the catalogue, the stored aggregates and the
/// newest runs. The worker keeps one and folds each batch into it; a server without the lease
/// loads one from storage (`DashboardLoader`).
public struct DashboardData: Sendable {
    public var agents: [Agent]
    public var versions: [AgentVersion]
    public var aggregates: [VersionKey: VersionAggregate]
    /// Per-minute activity within `DashboardTimeline.horizonMs` of the load.
    public var minutes: [Int64: ActivityMinute]
    /// Newest first, at most `RecentRun.keep`.
    public var recent: [RecentRun]
    /// Changes whenever the worker's state changes, so readers know when to reload.
    public var generation: String

    public init(
        agents: [Agent] = [], versions: [AgentVersion] = [], aggregates: [VersionKey: VersionAggregate] = [:],
        minutes: [Int64: ActivityMinute] = [:], recent: [RecentRun] = [], generation: String = ""
    ) {
        self.agents = agents
        self.versions = versions
        self.aggregates = aggregates
        self.minutes = minutes
        self.recent = recent
        self.generation = generation
    }

    /// Takes in a batch's results: the aggregate and minute documents as now stored, and the
    /// runs for the recent list.
    mutating func absorb(versions applied: [VersionAggregate], minutes appliedMinutes: [ActivityMinute], runs: [RunSample]) {
        for aggregate in applied { aggregates[aggregate.key] = aggregate }
        for minute in appliedMinutes { minutes[minute.startMs] = minute }
        recent = RecentRun.merging(recent, with: runs.map(RecentRun.init))
    }

    /// Drops minutes older than the stats windows need.
    mutating func trimMinutes(nowMs: Int64) {
        let oldest = nowMs - DashboardTimeline.horizonMs
        minutes = minutes.filter { $0.key >= oldest }
    }
}
