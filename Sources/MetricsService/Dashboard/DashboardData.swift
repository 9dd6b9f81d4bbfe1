/// Everything a dashboard snapshot is built from: the catalogue, the stored aggregates and the
/// newest runs. The worker keeps one and folds each batch into it; a server without the lease
/// loads one from storage (`DashboardLoader`).
public struct DashboardData: Sendable {
    public var agents: [Agent]
    public var versions: [AgentVersion]
    public var aggregates: [VersionKey: VersionAggregate]
    /// Per-minute activity within `DashboardTimeline.horizonMs` of the load.
    public var minutes: [Int64: ActivityMinute]
    /// Newest first, at most `RunSample.recentKeep`.
    public var recent: [RunSample]
    /// Changes whenever the worker's state changes, so readers know when to reload.
    public var generation: String
    /// Runs the worker set aside because they could not be counted.
    public var setAsideRuns: Int128

    public init(
        agents: [Agent] = [], versions: [AgentVersion] = [], aggregates: [VersionKey: VersionAggregate] = [:],
        minutes: [Int64: ActivityMinute] = [:], recent: [RunSample] = [], generation: String = "",
        setAsideRuns: Int128 = 0
    ) {
        self.agents = agents
        self.versions = versions
        self.aggregates = aggregates
        self.minutes = minutes
        self.recent = recent
        self.generation = generation
        self.setAsideRuns = setAsideRuns
    }

    /// Takes in a batch's results: the aggregate, minute and set-aside figures as now stored, and
    /// the counted runs for the recent list.
    mutating func absorb(_ applied: AppliedDelta, runs: [RunSample]) {
        for aggregate in applied.versions { aggregates[aggregate.key] = aggregate }
        for minute in applied.minutes { minutes[minute.startMs] = minute }
        if let total = applied.setAsideTotal { setAsideRuns = total }
        recent = RunSample.mergingRecent(recent, with: runs)
    }

    /// Drops minutes older than the stats windows need.
    mutating func trimMinutes(nowMs: Int64) {
        let oldest = nowMs - DashboardTimeline.horizonMs
        minutes = minutes.filter { $0.key >= oldest }
    }
}
