/// One row of `agent_versions`: a version, its agent and its aggregates.
public struct VersionRow: Sendable {
    public var version: AgentVersion
    public var agentName: String
    public var project: String
    /// Zeros when the version has no counted runs.
    public var aggregate: VersionAggregate
    /// Against its predecessor, once both have the minimum runs (see `RegressionCache`); nil before.
    public var regression: VersionRegression? = nil

    /// How long after its newest run a version still shows as active.
    public static let activeWindowMs: Int64 = 86_400_000

    /// `active` when the newest run is within the last 24 hours of `nowMs`.
    public func status(nowMs: Int64) -> String {
        guard let last = aggregate.lastSeenMs, last > nowMs - Self.activeWindowMs else { return "idle" }
        return "active"
    }

    /// The spec's fields, then the additions: failures, successes, percentiles, first seen, regression.
    /// `lastSeen`/`firstSeen` are null for a version with no runs.
    func writeJSON(to writer: inout JSONWriter, nowMs: Int64) {
        writer.beginObject()
        writer.key("id")
        writer.string(version.id)
        writer.key("name")
        writer.string(agentName)
        writer.key("project")
        writer.string(project)
        writer.key("status")
        writer.string(status(nowMs: nowMs))
        writer.key("lastSeen")
        if let last = aggregate.lastSeenMs { writer.date(milliseconds: last) } else { writer.null() }
        writer.key("version")
        writer.string(version.version)
        writer.key("avgRuntime")
        writer.double(DashboardFormat.rounded(aggregate.averageRuntime, decimals: 3))
        writer.key("successRate")
        writer.double(DashboardFormat.rounded(aggregate.successRate, decimals: 2))
        writer.key("totalRuns")
        writer.int128(aggregate.totalRuns)
        writer.key("spend")
        writer.double(aggregate.spend)
        writer.key("tools")
        writer.stringArray(version.tools)
        writer.key("models")
        writer.stringArray(version.models)
        writer.key("cluster")
        writer.string(version.cluster)
        writer.key("deployment")
        writer.string(version.deployment)
        writer.key("agentId")
        writer.string(version.agentId)
        writer.key("successes")
        writer.int128(aggregate.successes)
        writer.key("failures")
        writer.int128(aggregate.failures)
        writer.key("p50Runtime")
        writer.double(DashboardFormat.rounded(aggregate.runtimePercentile(0.5), decimals: 3))
        writer.key("p95Runtime")
        writer.double(DashboardFormat.rounded(aggregate.runtimePercentile(0.95), decimals: 3))
        writer.key("p99Runtime")
        writer.double(DashboardFormat.rounded(aggregate.runtimePercentile(0.99), decimals: 3))
        writer.key("firstSeen")
        if let first = aggregate.firstSeenMs { writer.date(milliseconds: first) } else { writer.null() }
        writer.key("regression")
        if let regression { regression.writeJSON(to: &writer) } else { writer.null() }
        writer.endObject()
    }
}
