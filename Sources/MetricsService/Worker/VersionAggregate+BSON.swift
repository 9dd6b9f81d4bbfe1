extension VersionAggregate {
    /// Field names in `agent_version_metrics`. Sums are the source of truth; the derived
    /// averages, rates and percentiles are stored too so other readers need no maths.
    enum BSONKey {
        static let agentId = "agent_id"
        static let version = "version"
        static let totalRuns = "total_runs"
        static let successes = "successes"
        static let failures = "failures"
        static let runtimeCount = "runtime_count"
        static let runtimeMicros = "runtime_micros"
        static let spendMicros = "spend_micros"
        /// Null (or absent, in documents stored before they existed) when unknown: see `VersionAggregate`.
        static let runtimeSquares = "runtime_squares"
        static let costSquares = "cost_squares"
        static let firstSeen = "first_seen"
        static let lastSeen = "last_seen"
        static let histogram = "runtime_histogram"
        static let appliedPass = "applied_pass"
    }

    /// The whole document. It is always written by replacement, never `$set`, so the dates stay
    /// BSON dates on servers that would store a `$set` date as a string.
    func toBSON(appliedPass: String) -> BSONValue {
        .document([
            ("_id", .string(key.documentID)),
            (BSONKey.agentId, .string(key.agentId)),
            (BSONKey.version, .string(key.version)),
            (BSONKey.totalRuns, .wideInteger(totalRuns)),
            (BSONKey.successes, .wideInteger(successes)),
            (BSONKey.failures, .wideInteger(failures)),
            (BSONKey.runtimeCount, .wideInteger(runtimeCount)),
            (BSONKey.runtimeMicros, .wideInteger(runtimeMicros)),
            (BSONKey.spendMicros, .wideInteger(spendMicros)),
            (BSONKey.runtimeSquares, runtimeSquares?.bsonValue ?? .null),
            (BSONKey.costSquares, costSquares?.bsonValue ?? .null),
            (BSONKey.firstSeen, firstSeenMs.map(BSONValue.date) ?? .null),
            (BSONKey.lastSeen, lastSeenMs.map(BSONValue.date) ?? .null),
            ("avg_runtime", .double(averageRuntime)),
            ("success_rate", .double(successRate)),
            ("spend", .double(spend)),
            ("p50_runtime", .double(runtimePercentile(0.5))),
            ("p95_runtime", .double(runtimePercentile(0.95))),
            ("p99_runtime", .double(runtimePercentile(0.99))),
            (BSONKey.histogram, runtimeHistogram.toBSON()),
            (BSONKey.appliedPass, .string(appliedPass)),
        ])
    }

    /// Reads a stored document, and the pass that last wrote it.
    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "agent_version_metrics")
        self.init(
            key: VersionKey(
                agentId: try reader.string(BSONKey.agentId), version: try reader.string(BSONKey.version)))
        totalRuns = try reader.optionalWideInteger(BSONKey.totalRuns) ?? 0
        successes = try reader.optionalWideInteger(BSONKey.successes) ?? 0
        failures = try reader.optionalWideInteger(BSONKey.failures) ?? 0
        runtimeCount = try reader.optionalWideInteger(BSONKey.runtimeCount) ?? 0
        runtimeMicros = try reader.optionalWideInteger(BSONKey.runtimeMicros) ?? 0
        spendMicros = try reader.optionalWideInteger(BSONKey.spendMicros) ?? 0
        runtimeSquares = try reader.optionalSquareSum(BSONKey.runtimeSquares)
        costSquares = try reader.optionalSquareSum(BSONKey.costSquares)
        firstSeenMs = reader.value(BSONKey.firstSeen) == nil ? nil : try reader.date(BSONKey.firstSeen)
        lastSeenMs = reader.value(BSONKey.lastSeen) == nil ? nil : try reader.date(BSONKey.lastSeen)
        runtimeHistogram = try LogHistogram(bson: reader.value(BSONKey.histogram) ?? .document([]))
    }
}

extension LogHistogram {
    /// `{zero: n, buckets: {"<index>": count, ...}}`; bucket keys are decimal text because BSON
    /// keys are strings.
    func toBSON() -> BSONValue {
        let sorted = buckets.sorted { $0.key < $1.key }
        return .document([
            ("zero", .wideInteger(zeroCount)),
            ("buckets", .document(sorted.map { (String($0.key), BSONValue.wideInteger($0.value)) })),
        ])
    }

    init(bson: BSONValue) throws(StorageError) {
        var buckets: [Int32: Int128] = [:]
        for (key, value) in bson["buckets"]?.documentValue ?? [] {
            guard let index = Int32(key), let count = value.wideIntegerValue else {
                throw .invalidData("agent_version_metrics.runtime_histogram: bad bucket \(key)")
            }
            buckets[index] = count
        }
        self.init(buckets: buckets, zeroCount: bson["zero"]?.wideIntegerValue ?? 0)
    }
}

extension ActivityMinute {
    /// The whole `agent_activity` document, `_id` the minute's start in milliseconds.
    func toBSON(appliedPass: String) -> BSONValue {
        let agents = agentRuns.sorted { $0.key < $1.key }
        return .document([
            ("_id", .int64(startMs)),
            ("start", .date(startMs)),
            ("runs", .wideInteger(runs)),
            ("cost_micros", .wideInteger(costMicros)),
            ("runtime_micros", .wideInteger(runtimeMicros)),
            ("runtime_count", .wideInteger(runtimeCount)),
            ("agents", .document(agents.map { ($0.key, BSONValue.wideInteger($0.value)) })),
            ("applied_pass", .string(appliedPass)),
        ])
    }

    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "agent_activity")
        self.init(startMs: try reader.int64("_id"))
        runs = try reader.optionalWideInteger("runs") ?? 0
        costMicros = try reader.optionalWideInteger("cost_micros") ?? 0
        runtimeMicros = try reader.optionalWideInteger("runtime_micros") ?? 0
        runtimeCount = try reader.optionalWideInteger("runtime_count") ?? 0
        for (agent, count) in reader.value("agents")?.documentValue ?? [] {
            agentRuns[agent] = count.wideIntegerValue ?? 0
        }
    }
}

extension BSONRecordReader {
    /// A sum of squares, nil when absent or null (unknown, unlike `squareSum`'s 0).
    func optionalSquareSum(_ key: String) throws(StorageError) -> SquareSum? {
        value(key) == nil ? nil : try squareSum(key)
    }
}
