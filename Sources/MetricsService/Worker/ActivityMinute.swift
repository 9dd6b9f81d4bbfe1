/// The runs created within one UTC minute, summed for the stats cards' moving windows.
public struct ActivityMinute: Sendable, Equatable {
    /// The minute's start, milliseconds since the epoch (a multiple of 60,000).
    public var startMs: Int64
    /// Sums as `Int128`, for the reason `VersionAggregate` gives.
    public var runs: Int128 = 0
    public var costMicros: Int128 = 0
    public var runtimeMicros: Int128 = 0
    public var runtimeCount: Int128 = 0
    /// Runs per agent id, so "distinct agents in a window" can be answered.
    public var agentRuns: [String: Int128] = [:]

    public static let lengthMs: Int64 = 60_000

    public init(startMs: Int64) {
        self.startMs = startMs
    }

    /// The start of the minute holding `milliseconds`.
    public static func start(of milliseconds: Int64) -> Int64 {
        let remainder = milliseconds % lengthMs
        return milliseconds - (remainder < 0 ? remainder + lengthMs : remainder)
    }

    public mutating func add(_ run: RunSample) {
        runs += 1
        costMicros += Int128(run.costMicros)
        if let runtime = run.runtimeMicros {
            runtimeMicros += Int128(runtime)
            runtimeCount += 1
        }
        agentRuns[run.key.agentId, default: 0] += 1
    }

    public mutating func merge(_ other: ActivityMinute) {
        runs += other.runs
        costMicros += other.costMicros
        runtimeMicros += other.runtimeMicros
        runtimeCount += other.runtimeCount
        for (agent, count) in other.agentRuns {
            agentRuns[agent, default: 0] += count
        }
    }
}
