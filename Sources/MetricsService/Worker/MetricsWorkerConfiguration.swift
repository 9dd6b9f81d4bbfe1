#if canImport(Glibc)
import Glibc
#endif

/// How the metrics worker runs.
public struct MetricsWorkerConfiguration: Sendable {
    /// Time between passes; the lease lasts twice this.
    public var interval: Duration
    /// The most runs one batch counts (one journal, one `$in` of ids).
    public var batchSize: Int
    /// This worker's lease owner name; unique per instance.
    public var owner: String
    /// How soon a pass follows runs acknowledged by this process (or found by a poll); see `PassSchedule`.
    public var wakeDelay: Duration = .milliseconds(250)
    /// How often the worker looks for runs stored through other servers between passes.
    public var pollInterval: Duration = .milliseconds(500)

    public init(interval: Duration = .seconds(10), batchSize: Int = 10_000, owner: String? = nil) {
        self.interval = interval
        self.batchSize = batchSize
        self.owner = owner ?? Self.defaultOwner()
    }

    var leaseDurationMs: Int64 {
        let (seconds, attoseconds) = interval.components
        return max(1, 2 * (seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    var schedule: PassSchedule.Configuration {
        PassSchedule.Configuration(
            intervalMs: Self.milliseconds(interval), wakeDelayMs: Self.milliseconds(wakeDelay),
            pollIntervalMs: Self.milliseconds(pollInterval))
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// `host:pid:random`, so logs say who holds the lease and restarts never reuse a name.
    static func defaultOwner() -> String {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }
}
