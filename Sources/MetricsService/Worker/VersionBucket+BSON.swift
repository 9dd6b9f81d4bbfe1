extension VersionBucket {
    /// Field names in `agent_version_hourly` and `agent_version_daily`. Only sums are stored: a reader derives
    /// rates, means, variances and percentiles from them (`RunSums`).
    enum BSONKey {
        static let agentId = "agent_id"
        static let version = "version"
        static let start = "start"
        static let runs = "runs"
        static let successes = "successes"
        static let failures = "failures"
        static let runtimeCount = "runtime_count"
        static let runtimeMicros = "runtime_micros"
        static let runtimeSquares = "runtime_squares"
        static let costMicros = "cost_micros"
        static let costSquares = "cost_squares"
        static let histogram = "runtime_histogram"
    }

    /// The whole document, written by replacement (so `start` stays a BSON date).
    func toBSON(appliedPass: String) -> BSONValue {
        .document([
            ("_id", .string(documentID)),
            (BSONKey.agentId, .string(key.agentId)),
            (BSONKey.version, .string(key.version)),
            (BSONKey.start, .date(startMs)),
            (BSONKey.runs, .wideInteger(sums.runs)),
            (BSONKey.successes, .wideInteger(sums.successes)),
            (BSONKey.failures, .wideInteger(sums.failures)),
            (BSONKey.runtimeCount, .wideInteger(sums.runtime.count)),
            (BSONKey.runtimeMicros, .wideInteger(sums.runtime.sum)),
            (BSONKey.runtimeSquares, sums.runtime.squares.bsonValue),
            (BSONKey.costMicros, .wideInteger(sums.cost.sum)),
            (BSONKey.costSquares, sums.cost.squares.bsonValue),
            (BSONKey.histogram, sums.runtimeHistogram.toBSON()),
            ("applied_pass", .string(appliedPass)),
        ])
    }

    /// Reads a stored bucket of `width`.
    init(bson: BSONValue, width: BucketWidth) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: width.collection)
        self.init(
            key: VersionKey(agentId: try reader.string(BSONKey.agentId), version: try reader.string(BSONKey.version)),
            width: width, startMs: try reader.date(BSONKey.start))
        sums.runs = try reader.optionalWideInteger(BSONKey.runs) ?? 0
        sums.successes = try reader.optionalWideInteger(BSONKey.successes) ?? 0
        sums.failures = try reader.optionalWideInteger(BSONKey.failures) ?? 0
        sums.runtime = MomentSums(
            count: try reader.optionalWideInteger(BSONKey.runtimeCount) ?? 0,
            sum: try reader.optionalWideInteger(BSONKey.runtimeMicros) ?? 0,
            squares: try reader.squareSum(BSONKey.runtimeSquares))
        // Every run has a cost (0 when it gave none), so the cost count is the run count.
        sums.cost = MomentSums(
            count: sums.runs, sum: try reader.optionalWideInteger(BSONKey.costMicros) ?? 0,
            squares: try reader.squareSum(BSONKey.costSquares))
        sums.runtimeHistogram = try LogHistogram(bson: reader.value(BSONKey.histogram) ?? .document([]))
    }
}

extension SquareSum {
    /// Like `BSONValue.wideInteger`: an int64 while it fits, decimal text beyond.
    var bsonValue: BSONValue {
        if let narrow = int128Value { return .wideInteger(narrow) }
        return .string(decimalText)
    }

    /// A value written by `bsonValue` (or by hand as an integer); nil for anything else, negatives, and values
    /// at or past 2^190.
    init?(bson: BSONValue) {
        if case .string(let text) = bson {
            self.init(decimalText: text)
            return
        }
        guard let value = bson.wideIntegerValue, value >= 0 else { return nil }
        self.init(high: 0, low: UInt128(value))
    }
}

extension BSONRecordReader {
    /// A sum of squares, 0 when absent (a document written before the field existed).
    func squareSum(_ key: String) throws(StorageError) -> SquareSum {
        guard let value = value(key) else { return SquareSum() }
        guard let sum = SquareSum(bson: value) else {
            throw .invalidData("\(key): expected a non-negative integer below 2^190")
        }
        return sum
    }
}
