/// Per-minute activity as sorted arrays with prefix sums, so any window's totals cost two binary
/// searches, whatever "now" is.
///
/// This is how the stats cards stay right between passes: the snapshot holds the minutes, not the
/// card values, and each read picks the windows from the current clock (today since 00:00 UTC,
/// the last hour, the last 7 days). A window is the set of whole minutes whose start lies in it,
/// the minute holding "now" included; so a window edge that falls inside a minute (such as
/// "yesterday up to now's time of day") is resolved to the minute.
public struct DashboardTimeline: Sendable {
    /// How far back minutes are kept: the two 7-day windows of Active Agents, plus slack.
    public static let horizonMs: Int64 = 15 * 86_400_000

    /// Sorted minute starts and, one longer, the running totals before each index.
    private let starts: [Int64]
    private let runs: [Int128]
    private let cost: [Int128]
    private let runtime: [Int128]
    private let runtimeCount: [Int128]
    /// Sorted minute starts in which each agent had runs.
    private let agentMinutes: [String: [Int64]]

    /// Totals over a window.
    public struct Totals: Sendable, Equatable {
        public var runs: Int128
        public var costMicros: Int128
        public var runtimeMicros: Int128
        public var runtimeCount: Int128
    }

    public init<Minutes: Collection<ActivityMinute>>(minutes: Minutes) {
        let sorted = minutes.sorted { $0.startMs < $1.startMs }
        var starts: [Int64] = []
        var runs: [Int128] = [0]
        var cost: [Int128] = [0]
        var runtime: [Int128] = [0]
        var runtimeCount: [Int128] = [0]
        var agentMinutes: [String: [Int64]] = [:]
        for minute in sorted {
            starts.append(minute.startMs)
            runs.append(runs.last! + minute.runs)
            cost.append(cost.last! + minute.costMicros)
            runtime.append(runtime.last! + minute.runtimeMicros)
            runtimeCount.append(runtimeCount.last! + minute.runtimeCount)
            for (agent, count) in minute.agentRuns where count > 0 {
                agentMinutes[agent, default: []].append(minute.startMs)
            }
        }
        self.starts = starts
        self.runs = runs
        self.cost = cost
        self.runtime = runtime
        self.runtimeCount = runtimeCount
        self.agentMinutes = agentMinutes
    }

    /// Totals of the minutes starting in `first...last` (milliseconds).
    public func totals(from first: Int64, through last: Int64) -> Totals {
        let lower = Self.firstIndex(in: starts, notBelow: first)
        let upper = Self.firstIndex(in: starts, notBelow: last &+ 1)
        guard lower < upper else { return Totals(runs: 0, costMicros: 0, runtimeMicros: 0, runtimeCount: 0) }
        return Totals(
            runs: runs[upper] - runs[lower], costMicros: cost[upper] - cost[lower],
            runtimeMicros: runtime[upper] - runtime[lower], runtimeCount: runtimeCount[upper] - runtimeCount[lower])
    }

    /// Agents with a run in a minute starting in `first...last`.
    public func activeAgents(from first: Int64, through last: Int64) -> Int {
        var count = 0
        for minutes in agentMinutes.values {
            let index = Self.firstIndex(in: minutes, notBelow: first)
            if index < minutes.count && minutes[index] <= last { count += 1 }
        }
        return count
    }

    /// The agents with a run in a minute starting in `first...last`.
    public func activeAgentIDs(from first: Int64, through last: Int64) -> [String] {
        agentMinutes.keys.filter { isActive($0, from: first, through: last) }
    }

    /// Whether `agent` had a run in a minute starting in `first...last`.
    public func isActive(_ agent: String, from first: Int64, through last: Int64) -> Bool {
        guard let minutes = agentMinutes[agent] else { return false }
        let index = Self.firstIndex(in: minutes, notBelow: first)
        return index < minutes.count && minutes[index] <= last
    }

    private static func firstIndex(in values: [Int64], notBelow target: Int64) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
