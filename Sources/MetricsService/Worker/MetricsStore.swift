/// The worker's database operations, each one job on the pool's blocking threads.
struct MetricsStore: Sendable {
    let pool: MongoPool

    /// Up to `limit` runs not yet counted, oldest `_id` first.
    ///
    /// An equality, not `counted != true`: both MongoDB and nx-27017 serve it from the `{counted: 1}`
    /// index, while nx-27017 answers `$ne` by scanning every run, so a pass would cost more the more
    /// history is stored. It relies on every run carrying the field (`markLegacyRunsUncounted`).
    func uncountedRuns(limit: Int) async throws -> [RunSample] {
        try await pool.withCollection(Collections.runs) { collection in
            try collection.find(
                [RunStore.countedKey: false], sort: ["_id": 1], projection: RunSample.projection, limit: limit
            ).map { value throws(StorageError) in try RunSample(bson: value) }
        }
    }

    /// Gives runs without a `counted` field (stored before the marker existed, or by an older server)
    /// `counted: false`, so `uncountedRuns` finds them. `{counted: null}` matches a missing field and is
    /// served from the same index, so once there are none this costs one index lookup.
    func markLegacyRunsUncounted() async throws {
        try await pool.withCollection(Collections.runs) { collection in
            _ = try collection.updateMany([RunStore.countedKey: .null], ["$set": [RunStore.countedKey: false]])
        }
    }

    /// The runs with these `_id`s, counted or not (a recovering pass re-reads its journal's runs).
    func runs(ids: [String]) async throws -> [RunSample] {
        guard !ids.isEmpty else { return [] }
        return try await pool.withCollection(Collections.runs) { collection in
            let filter = try BSONDocument([("_id", ["$in": .array(ids.map(BSONValue.objectID))])])
            return try collection.find(filter, projection: RunSample.projection)
                .map { value throws(StorageError) in try RunSample(bson: value) }
        }
    }

    func journal() async throws -> PassJournal? {
        try await pool.withCollection(Collections.journal) { collection in
            try collection.findOne(["_id": .string(PassJournal.documentID)]).map {
                value throws(StorageError) in try PassJournal(bson: value)
            }
        }
    }

    func writeJournal(_ journal: PassJournal, nowMs: Int64) async throws {
        try await pool.withCollection(Collections.journal) { collection in
            try collection.insertOne(try BSONDocument(journal.toBSON(nowMs: nowMs)))
        }
    }

    func deleteJournal() async throws {
        try await pool.withCollection(Collections.journal) { collection in
            _ = try collection.deleteMany(["_id": .string(PassJournal.documentID)])
        }
    }

    /// Adds `delta` to the stored aggregates, each document replaced whole and stamped with
    /// `passID`. A document already stamped with `passID` was written by this same pass before a
    /// crash and is left as it is: that check is what makes re-applying a journal idempotent.
    /// `versionLimit` stops after that many version documents (crash simulation in tests).
    func apply(
        _ delta: PassDelta, passID: String, versionLimit: Int? = nil
    ) async throws -> (versions: [VersionAggregate], minutes: [ActivityMinute]) {
        let versions = try await pool.withClient { client in
            let collection = client.collection(Collections.versionMetrics)
            let keys = delta.versions.keys.sorted()
            let filter = try BSONDocument([("_id", ["$in": .array(keys.map { .string($0.documentID) })])])
            var stored: [String: BSONValue] = [:]
            for document in try collection.find(filter) {
                if let id = document["_id"]?.stringValue { stored[id] = document }
            }
            var result: [VersionAggregate] = []
            for (written, key) in keys.enumerated() {
                if let versionLimit, written >= versionLimit { break }
                let existing = stored[key.documentID]
                if let existing, existing["applied_pass"]?.stringValue == passID {
                    result.append(try VersionAggregate(bson: existing))
                    continue
                }
                var aggregate = try existing.map { value throws(StorageError) in try VersionAggregate(bson: value) }
                    ?? VersionAggregate(key: key)
                aggregate.merge(delta.versions[key]!)
                _ = try collection.replaceOne(
                    ["_id": .string(key.documentID)], try BSONDocument(aggregate.toBSON(appliedPass: passID)),
                    upsert: true)
                result.append(aggregate)
            }
            return result
        }
        if let versionLimit, versionLimit < delta.versions.count { return (versions, []) }
        let minutes = try await pool.withClient { client in
            let collection = client.collection(Collections.activity)
            let starts = delta.minutes.keys.sorted()
            let filter = try BSONDocument([("_id", ["$in": .array(starts.map(BSONValue.int64))])])
            var stored: [Int64: BSONValue] = [:]
            for document in try collection.find(filter) {
                if let id = document["_id"]?.int64Value { stored[id] = document }
            }
            var result: [ActivityMinute] = []
            for start in starts {
                let existing = stored[start]
                if let existing, existing["applied_pass"]?.stringValue == passID {
                    result.append(try ActivityMinute(bson: existing))
                    continue
                }
                var minute = try existing.map { value throws(StorageError) in try ActivityMinute(bson: value) }
                    ?? ActivityMinute(startMs: start)
                minute.merge(delta.minutes[start]!)
                _ = try collection.replaceOne(
                    ["_id": .int64(start)], try BSONDocument(minute.toBSON(appliedPass: passID)), upsert: true)
                result.append(minute)
            }
            return result
        }
        return (versions, minutes)
    }

    /// Marks exactly these runs counted; runs ingested meanwhile are not touched.
    func markCounted(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await pool.withCollection(Collections.runs) { collection in
            let filter = try BSONDocument([("_id", ["$in": .array(ids.map(BSONValue.objectID))])])
            _ = try collection.updateMany(filter, ["$set": ["counted": true]])
        }
    }

    /// Writes the newest runs and the generation for servers that read the dashboard from storage.
    func saveDashboardState(generation: String, recent: [RecentRun], nowMs: Int64) async throws {
        try await pool.withCollection(Collections.dashboard) { collection in
            let document: BSONValue = .document([
                ("_id", "dashboard"),
                ("generation", .string(generation)),
                ("updated_at", .date(nowMs)),
                ("recent", .array(recent.map { $0.toBSON() })),
            ])
            _ = try collection.replaceOne(["_id": "dashboard"], try BSONDocument(document), upsert: true)
        }
    }

    /// Forgets every aggregate and marks every run uncounted, for `--rebuild`.
    func resetForRebuild() async throws {
        try await pool.withClient { client in
            _ = try client.collection(Collections.journal).deleteMany(BSONDocument())
            _ = try client.collection(Collections.versionMetrics).deleteMany(BSONDocument())
            _ = try client.collection(Collections.activity).deleteMany(BSONDocument())
            _ = try client.collection(Collections.runs).updateMany(
                BSONDocument(), ["$set": ["counted": false]])
        }
    }
}
