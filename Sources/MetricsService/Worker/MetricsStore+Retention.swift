/// Retention: deleting raw runs past the horizon once they are counted.
extension MetricsStore {
    /// Up to `limit` `_id`s of counted runs created before `horizonMs`, oldest first: a range on the
    /// `{created: -1}` index, so the cost follows the runs past the horizon, not the collection.
    func countedRunIDs(createdBefore horizonMs: Int64, limit: Int) async throws -> [BSONValue] {
        try await pool.withCollection(Collections.runs) { collection in
            let filter = try BSONDocument([
                (AgentRun.BSONKey.created, .document([("$lt", .date(horizonMs))])),
                (RunStore.countedKey, .bool(true)),
            ])
            return try collection.find(
                filter, sort: [AgentRun.BSONKey.created: 1], projection: ["_id": 1], limit: limit
            ).compactMap { $0["_id"] }
        }
    }

    /// Deletes these runs, re-checking `counted: true` so a run reset by a concurrent `--rebuild`
    /// survives; returns how many went.
    func deleteCountedRuns(ids: [BSONValue]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await pool.withCollection(Collections.runs) { collection in
            try collection.deleteMany(
                try BSONDocument([("_id", .document([("$in", .array(ids))])), (RunStore.countedKey, .bool(true))]))
        }
    }

    /// Deletes the `width` buckets that end at or before `horizonMs` (those starting before the bucket holding it):
    /// every run they describe is past the horizon. The bucket holding the horizon stays whole. Returns how many went.
    func deleteBuckets(_ width: BucketWidth, before horizonMs: Int64) async throws -> Int {
        try await pool.withCollection(width.collection) { collection in
            try collection.deleteMany(
                try BSONDocument([
                    (VersionBucket.BSONKey.start, .document([("$lt", .date(width.start(of: horizonMs)))]))
                ]))
        }
    }

    func retentionStatus() async throws -> RetentionStatus? {
        try await pool.withCollection(Collections.workerStatus) { collection in
            try collection.findOne(["_id": .string(RetentionStatus.documentID)]).map {
                value throws(StorageError) in try RetentionStatus(bson: value)
            }
        }
    }

    func saveRetentionStatus(_ status: RetentionStatus) async throws {
        try await pool.withCollection(Collections.workerStatus) { collection in
            _ = try collection.replaceOne(
                ["_id": .string(RetentionStatus.documentID)], try BSONDocument(status.toBSON()), upsert: true)
        }
    }
}
