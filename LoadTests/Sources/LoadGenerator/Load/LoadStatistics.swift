import Histogram

/// What one worker thread measured; workers record into their own and the runner merges them at the end,
/// so the hot path takes no lock and shares no cache line.
public struct LoadStatistics: Sendable {
    /// Latencies are recorded in nanoseconds; values above an hour are clamped to it.
    public static let highestLatency: UInt64 = 3_600_000_000_000

    /// All responses' latencies.
    public var latency: Histogram<UInt64>
    /// Latencies per endpoint label (same order as the scenario's labels); empty for single-endpoint runs.
    public var perLabel: [Histogram<UInt64>]
    /// Complete responses received.
    public var requests: UInt64 = 0
    /// Responses by status code (index = status, 0..<600).
    public var statuses: [UInt64]
    /// Transport errors by `ErrorKind.rawValue`.
    public var errors: [UInt64]
    public var bytesRead: UInt64 = 0
    public var bytesWritten: UInt64 = 0
    /// Open-loop requests that were due but never sent because no connection was free by the end.
    public var missedSends: UInt64 = 0

    /// Empty statistics for `labels` endpoints (per-label histograms only when there is more than one).
    public init(labels: Int) {
        latency = Self.makeHistogram()
        perLabel = labels > 1 ? (0..<labels).map { _ in Self.makeHistogram() } : []
        statuses = Array(repeating: 0, count: 600)
        errors = Array(repeating: 0, count: ErrorKind.allCases.count)
    }

    static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestLatency, numberOfSignificantValueDigits: .three)
    }

    /// Records one complete response.
    @inline(__always)
    public mutating func recordResponse(status: Int, latencyNanos: UInt64, label: Int) {
        requests &+= 1
        let value = min(max(latencyNanos, 1), Self.highestLatency)
        _ = latency.record(value)
        if !perLabel.isEmpty { _ = perLabel[label].record(value) }
        statuses[min(max(status, 0), 599)] &+= 1
    }

    /// Counts a transport error.
    @inline(__always)
    public mutating func recordError(_ kind: ErrorKind) {
        errors[kind.rawValue] &+= 1
    }

    /// Adds `other`'s counts and histograms to these.
    public mutating func merge(_ other: LoadStatistics) {
        latency.add(other.latency)
        if perLabel.isEmpty {
            perLabel = other.perLabel
        } else {
            for index in perLabel.indices where index < other.perLabel.count {
                perLabel[index].add(other.perLabel[index])
            }
        }
        requests += other.requests
        for index in statuses.indices { statuses[index] += other.statuses[index] }
        for index in errors.indices { errors[index] += other.errors[index] }
        bytesRead += other.bytesRead
        bytesWritten += other.bytesWritten
        missedSends += other.missedSends
    }

    /// Responses with a status of 400 or more, by status.
    public var errorStatuses: [Int: UInt64] {
        var result: [Int: UInt64] = [:]
        for status in 400..<600 where statuses[status] > 0 { result[status] = statuses[status] }
        return result
    }

    /// Transport errors by kind name (only non-zero kinds).
    public var errorKinds: [String: UInt64] {
        var result: [String: UInt64] = [:]
        for kind in ErrorKind.allCases where errors[kind.rawValue] > 0 { result[kind.name] = errors[kind.rawValue] }
        return result
    }
}
