/// The runs of one agent version created within one UTC hour or day: a document of `agent_version_hourly` or
/// `agent_version_daily`, kept by the worker exactly once like the version aggregates (see `MetricsWorker`).
public struct VersionBucket: Sendable, Equatable {
    /// A bucket's identity within its width.
    public struct ID: Sendable, Hashable, Comparable {
        public var key: VersionKey
        public var startMs: Int64

        public static func < (lhs: ID, rhs: ID) -> Bool {
            (lhs.key, lhs.startMs) < (rhs.key, rhs.startMs)
        }
    }

    public var key: VersionKey
    public var width: BucketWidth
    /// The bucket's start in milliseconds, a multiple of `width.lengthMs`.
    public var startMs: Int64
    public var sums = RunSums()

    public init(key: VersionKey, width: BucketWidth, startMs: Int64) {
        self.key = key
        self.width = width
        self.startMs = startMs
    }

    public var id: ID { ID(key: key, startMs: startMs) }

    /// `<agent id>/<version>/<start ms>`: unique, because the start (digits) follows the last `/`.
    var documentID: String { key.documentID + "/" + String(startMs) }
}
