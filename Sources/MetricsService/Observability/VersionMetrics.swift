import CoreMetrics
import HTTPCore

/// Business metrics per agent version, read from the dashboard snapshot: runs by outcome, spend, runtime
/// buckets and success ratio, for at most `maxVersions` versions, the most recently active ones.
///
/// The values are totals from storage, not counts of this process's events, so every series is a gauge:
/// they survive restarts, and every server of a deployment reports the same value (aggregate across
/// instances with `max`, never `sum`). The runtime buckets are cumulative counts under an `le` label, so
/// `histogram_quantile` reads them like a histogram's; they come from the worker's log histogram
/// (`LogHistogram`, 2% buckets), so a count near a bound may sit on either side of it.
///
/// Series, each labelled `agent` (name), `agent_id` and `version`:
/// - `agent_metrics_version_runs{outcome="success|failure|in_progress"}`
/// - `agent_metrics_version_spend_dollars`
/// - `agent_metrics_version_success_ratio` (successes / finished runs, 0...1; absent before one finishes)
/// - `agent_metrics_version_regression`: the version's regression verdict against its predecessor, 1 worse, 0 no
///   change, −1 better; absent without a regression (see `VersionRow.regression`) or while data are insufficient
/// - `agent_metrics_version_runtime_seconds_bucket{le}`, `_sum`, `_count`
/// - `agent_metrics_version_last_run_timestamp_seconds`, `agent_metrics_version_created_timestamp_seconds`
/// - `agent_metrics_agent_newest_version` = 1 for each agent's newest version (by creation), for joins
///   such as "the success ratio of the newest version"; only for agents with an exported version.
///
/// Updated on a scrape (`update`), only when the snapshot's generation changed; versions that fall out of
/// the capped set have their series destroyed, so the exposition never holds more than the cap.
public final class VersionMetrics: Sendable {
    /// The `le` bounds of the runtime buckets, in seconds.
    public static let runtimeBuckets: [Double] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600]

    /// The most versions exported at once.
    public let maxVersions: Int
    private let state = LockedValue(State())

    private struct State: @unchecked Sendable {
        // Safety: only touched under `state`'s lock; the handles are swift-metrics objects, which are
        // thread-safe (`Sendable` in later swift-metrics releases) and never leave this class.
        var generation: String?
        /// Versions in the last snapshot: a new version changes the catalogue without a new generation.
        var rowCount = 0
        var versions: [VersionKey: VersionSeries] = [:]
        var newest: [String: (version: String, gauge: Gauge)] = [:]
    }

    public init(maxVersions: Int = 500) {
        self.maxVersions = max(0, maxVersions)
    }

    /// Brings the series in line with `snapshot`; cheap when its generation and catalogue size were
    /// already exported.
    public func update(_ snapshot: DashboardSnapshot) {
        state.withLock { state in
            guard state.generation != snapshot.generation || state.rowCount != snapshot.rows.count else { return }
            state.generation = snapshot.generation
            state.rowCount = snapshot.rows.count
            let chosen = Self.mostRecentlyActive(snapshot.rows, limit: maxVersions)
            var keep: Set<VersionKey> = []
            for row in chosen {
                let key = row.aggregate.key
                keep.insert(key)
                let series = state.versions[key] ?? VersionSeries(row: row)
                series.set(row)
                state.versions[key] = series
            }
            for (key, series) in state.versions where !keep.contains(key) {
                series.destroy()
                state.versions[key] = nil
            }
            Self.updateNewest(&state.newest, rows: snapshot.rows, exported: keep)
        }
    }

    /// How many versions have series now.
    public var exportedVersions: Int { state.withLock { $0.versions.count } }

    /// The `limit` rows with the newest last run (then the newest created), ties broken by key so the
    /// choice is stable.
    static func mostRecentlyActive(_ rows: [VersionRow], limit: Int) -> [VersionRow] {
        guard rows.count > limit else { return rows }
        return Array(
            rows.sorted { a, b in
                let left = (a.aggregate.lastSeenMs ?? Int64.min, a.version.createdMs)
                let right = (b.aggregate.lastSeenMs ?? Int64.min, b.version.createdMs)
                return left != right ? left > right : a.aggregate.key < b.aggregate.key
            }.prefix(limit))
    }

    private static func updateNewest(
        _ newest: inout [String: (version: String, gauge: Gauge)], rows: [VersionRow], exported: Set<VersionKey>
    ) {
        var best: [String: VersionRow] = [:]
        for row in rows {
            let agent = row.version.agentId
            if let current = best[agent],
                (current.version.createdMs, current.version.version) >= (row.version.createdMs, row.version.version)
            {
                continue
            }
            best[agent] = row
        }
        let agents = Set(exported.map(\.agentId))
        for (agent, entry) in newest where best[agent]?.version.version != entry.version || !agents.contains(agent) {
            entry.gauge.destroy()
            newest[agent] = nil
        }
        for agent in agents where newest[agent] == nil {
            guard let row = best[agent] else { continue }
            let gauge = Gauge(label: "agent_metrics_agent_newest_version", dimensions: VersionSeries.labels(row))
            gauge.record(1)
            newest[agent] = (row.version.version, gauge)
        }
    }
}
