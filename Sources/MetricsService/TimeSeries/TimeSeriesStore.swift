/// Reads the worker's hourly and daily buckets (`VersionBucket`); never `agent_runs`. Each read is a range on the
/// `{agent_id: 1, start: 1}` index of one bucket collection.
public struct TimeSeriesStore: Sendable {
    let pool: MongoPool

    public init(pool: MongoPool) {
        self.pool = pool
    }

    /// The stored `width` buckets of an agent (of one version, or of all) that start in `fromMs..<untilMs`,
    /// oldest first. Buckets without runs are not stored.
    public func buckets(
        agentId: String, version: String? = nil, width: BucketWidth, fromMs: Int64, untilMs: Int64
    ) async throws -> [VersionBucket] {
        try await pool.withCollection(width.collection) { collection in
            try Self.read(collection, agentId: agentId, version: version, width: width, range: fromMs..<untilMs)
        }
    }

    /// Per version of the agent, the sums of its runs created from the start of the UTC hour holding `sinceMs`
    /// through the end of the hour holding `untilMs − 1` (through now without `untilMs`): hourly buckets for the
    /// partial days at either end, daily ones between, so a window of any length costs at most three reads.
    /// Versions without runs in the window are absent; an empty window (`untilMs` not after `sinceMs`) has none.
    ///
    /// For windowed comparisons (`since` a deploy): the sums carry counts, sums and sums of squares of runtime and
    /// cost (`MomentSums.variance`), outcomes, and the runtime histogram.
    public func windowSums(agentId: String, sinceMs: Int64, untilMs: Int64? = nil) async throws -> [String: RunSums] {
        // Clamped to the storable dates, so the arithmetic below cannot overflow whatever the caller passes.
        let clamp = { (ms: Int64) in min(max(ms, FieldBounds.dates.lowerBound), FieldBounds.dates.upperBound) }
        let start = BucketWidth.hour.start(of: clamp(sinceMs))
        // The end of the last hour, open (no bound) when that is past the storable dates.
        let end = untilMs.map { BucketWidth.hour.start(of: clamp($0) - 1) + BucketWidth.hour.lengthMs }
            .flatMap { $0 > FieldBounds.dates.upperBound ? nil : $0 } ?? Int64.max
        guard start < end else { return [:] }
        let firstDay = BucketWidth.day.start(of: start + BucketWidth.day.lengthMs - 1)
        let lastDay = end == Int64.max ? end : BucketWidth.day.start(of: end)
        var reads: [(BucketWidth, Range<Int64>)] = [(.hour, start..<end)]
        if firstDay < lastDay {
            reads = [(.hour, start..<firstDay), (.day, firstDay..<lastDay)]
            if lastDay < end { reads.append((.hour, lastDay..<end)) }
        }
        return try await pool.withClient { [reads] client in
            var sums: [String: RunSums] = [:]
            for (width, range) in reads where !range.isEmpty {
                let collection = client.collection(width.collection)
                for bucket in try Self.read(collection, agentId: agentId, version: nil, width: width, range: range) {
                    sums[bucket.key.version, default: RunSums()].merge(bucket.sums)
                }
            }
            return sums
        }
    }

    private static func read(
        _ collection: MongoCollection, agentId: String, version: String?, width: BucketWidth, range: Range<Int64>
    ) throws -> [VersionBucket] {
        var start: [(String, BSONValue)] = [("$gte", .date(range.lowerBound))]
        // An open end is no bound at all: a date past year 9999 is not storable everywhere.
        if range.upperBound != Int64.max { start.append(("$lt", .date(range.upperBound))) }
        var filter: [(String, BSONValue)] = [(VersionBucket.BSONKey.agentId, .string(agentId))]
        if let version { filter.append((VersionBucket.BSONKey.version, .string(version))) }
        filter.append((VersionBucket.BSONKey.start, .document(start)))
        return try collection.find(
            try BSONDocument(.document(filter)), sort: [VersionBucket.BSONKey.start: 1]
        ).map { document throws(StorageError) in try VersionBucket(bson: document, width: width) }
    }
}
