#if canImport(Glibc)
    import Glibc
#endif

/// How the metrics worker runs.
public struct MetricsWorkerConfiguration: Sendable {
    /// Time between passes.
    public var interval: Duration
    /// The most runs one batch counts (one journal, one `$in` of ids), and the most runs one
    /// retention step deletes.
    public var batchSize: Int
    /// This worker's lease owner name; unique per instance.
    public var owner: String
    /// How long the lease outlives its last renewal: a dead worker is replaced this long after its
    /// last heartbeat. Independent of `interval`.
    public var leaseDuration: Duration
    /// Time between heartbeats: renewing the lease while held, trying to take it while not.
    public var renewInterval: Duration
    /// Raw runs created longer ago than this are deleted once counted; nil keeps every run.
    public var retention: Duration?
    /// How soon a pass follows runs acknowledged by this process (or found by a poll); see `PassSchedule`.
    public var wakeDelay: Duration = .milliseconds(250)
    /// How often the worker looks for runs stored through other servers between passes.
    public var pollInterval: Duration = .milliseconds(500)
    /// The thresholds of the versions' regressions (dashboard rows, alerts).
    public var comparison = ComparisonConfiguration()
    /// Where regression alerts go; nil sends none.
    public var alerts: AlertConfiguration?

    public init(
        interval: Duration = .seconds(10), batchSize: Int = 10_000, owner: String? = nil,
        leaseDuration: Duration = .seconds(5), renewInterval: Duration = .seconds(1), retention: Duration? = nil
    ) {
        self.interval = interval
        self.batchSize = batchSize
        self.owner = owner ?? Self.defaultOwner()
        self.leaseDuration = leaseDuration
        self.renewInterval = renewInterval
        self.retention = retention
    }

    var leaseDurationMs: Int64 { max(2, Self.milliseconds(leaseDuration)) }

    var retentionMs: Int64? { retention.map(Self.milliseconds) }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    var schedule: PassSchedule.Configuration {
        PassSchedule.Configuration(
            intervalMs: Self.milliseconds(interval), wakeDelayMs: Self.milliseconds(wakeDelay),
            pollIntervalMs: Self.milliseconds(pollInterval))
    }

    /// `host:pid:random`, so logs say who holds the lease and restarts never reuse a name.
    static func defaultOwner() -> String {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }
}
