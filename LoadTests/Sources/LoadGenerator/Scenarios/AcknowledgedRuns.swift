/// The run ids the server acknowledged (201) per agent version: what verification must find stored.
public struct AcknowledgedRuns: Sendable {
    /// Acknowledged id ranges by `AgentPlan.Version.index`.
    public var ranges: [Int: [Range<Int64>]] = [:]
    /// Runs sent in batches that failed or were never answered (may or may not be stored; not checked).
    public var unacknowledged: Int = 0

    public init() {}

    /// Total acknowledged runs.
    public var count: Int { ranges.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }

    public mutating func merge(_ other: AcknowledgedRuns) {
        for (version, list) in other.ranges { ranges[version, default: []].append(contentsOf: list) }
        unacknowledged += other.unacknowledged
    }
}
