/// The worker's database operations, each one job on the pool's blocking threads.
struct MetricsStore: Sendable {
    let pool: MongoPool

    /// Up to `limit` runs not yet counted, oldest `_id` first.
    ///
    /// An equality, not `counted != true`: both MongoDB and nx-27017 serve it from the `{counted: 1}`
    /// index, while nx-27017 answers `$ne` by scanning every run, so a pass would cost more the more
    /// history is stored. It relies on every run carrying the field (`markLegacyRunsUncounted`).
    func uncountedRuns(limit: Int) async throws -> [StoredRun] {
        try await pool.withCollection(Collections.runs) { collection in
            try collection.find(
                [RunStore.countedKey: false], sort: ["_id": 1], projection: RunSample.projection, limit: limit
            ).map(StoredRun.init(bson:))
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

    /// The runs with these `_id`s, counted or not (a recovering pass re-reads its journal's runs), read
    /// `markChunk` ids per query so that a lease renewal never waits behind one long read.
    func runs(ids: [BSONValue]) async throws -> [StoredRun] {
        var found: [StoredRun] = []
        found.reserveCapacity(ids.count)
        for chunk in ids.slices(of: Self.markChunk) {
            found += try await pool.withCollection(Collections.runs) { collection in
                let filter = try BSONDocument([("_id", ["$in": .array(Array(chunk))])])
                return try collection.find(filter, projection: RunSample.projection).map(StoredRun.init(bson:))
            }
        }
        return found
    }

    /// The most run ids one `markCounted` update or one `runs(ids:)` query names.
    static let markChunk = 1_000

    /// A journal left in `worker_journal` by a version before the lease epoch (see `PassJournal`).
    func legacyJournal() async throws -> PassJournal? {
        try await pool.withCollection(Collections.journal) { collection in
            try collection.findOne(["_id": .string(PassJournal.legacyDocumentID)]).map {
                value throws(StorageError) in try PassJournal(bson: value)
            }
        }
    }

    func deleteLegacyJournal() async throws {
        try await pool.withCollection(Collections.journal) { collection in
            _ = try collection.deleteMany(["_id": .string(PassJournal.legacyDocumentID)])
        }
    }

    /// Adds `delta` to the stored aggregates (`replace`): version aggregates, activity minutes, hourly and daily
    /// buckets, then the set-aside count. `versionLimit` stops after that many version documents (crash
    /// simulation in tests).
    func apply(
        _ delta: PassDelta, passID: String, fence: WriteFence, versionLimit: Int? = nil
    ) async throws -> AppliedDelta {
        let versions = try await replace(
            delta.versions.keys.sorted().map { delta.versions[$0]! }, in: Collections.versionMetrics, passID: passID,
            fence: fence, limit: versionLimit)
        if let versionLimit, versionLimit < delta.versions.count { return AppliedDelta(versions: versions) }
        let minutes = try await replace(
            delta.minutes.keys.sorted().map { delta.minutes[$0]! }, in: Collections.activity, passID: passID,
            fence: fence)
        for width in BucketWidth.allCases {
            let buckets = delta.buckets(width)
            _ = try await replace(
                buckets.keys.sorted().map { buckets[$0]! }, in: width.collection, passID: passID, fence: fence)
        }
        let setAside = delta.setAside == 0 ? nil : try await applySetAside(delta.setAside, passID: passID, fence: fence)
        return AppliedDelta(versions: versions, minutes: minutes, setAsideTotal: setAside)
    }

    /// Adds `count` to the stored number of set-aside runs, once per pass (the same stamp rule as
    /// the aggregates); returns the new total.
    private func applySetAside(_ count: Int128, passID: String, fence: WriteFence) async throws -> Int128 {
        try await pool.withCollection(Collections.workerStatus) { collection in
            let existing = try collection.findOne(["_id": .string(Self.setAsideID)])
            let stored = try existing.map { value throws(StorageError) in try Self.setAsideCount(value) } ?? 0
            if existing?["applied_pass"]?.stringValue == passID { return stored }
            let total = stored + count
            let document: BSONValue = .document([
                ("_id", .string(Self.setAsideID)), ("runs", .wideInteger(total)), ("applied_pass", .string(passID)),
            ])
            try fence.replace(in: collection, id: .string(Self.setAsideID), with: document)
            return total
        }
    }

    static let setAsideID = "set_aside"

    /// The `runs` of a `worker_status` set-aside document.
    static func setAsideCount(_ document: BSONValue) throws(StorageError) -> Int128 {
        try BSONRecordReader(document, record: "worker_status").optionalWideInteger("runs") ?? 0
    }

    /// Marks exactly these runs counted, after writing each set-aside run's reason into it as
    /// `set_aside`; runs ingested meanwhile are not touched. Both updates are idempotent, so a
    /// recovering pass simply repeats them.
    func markCounted(_ runs: ArraySlice<StoredRun>) async throws {
        guard !runs.isEmpty else { return }
        try await pool.withCollection(Collections.runs) { collection in
            for run in runs {
                guard case .setAside(let id, let reason) = run else { continue }
                _ = try collection.updateMany(
                    BSONDocument([("_id", id)]), ["$set": [Self.setAsideKey: .string(reason)]])
            }
            let filter = try BSONDocument([("_id", ["$in": .array(runs.map(\.id))])])
            _ = try collection.updateMany(filter, ["$set": [RunStore.countedKey: true]])
        }
    }

    /// On a run the worker set aside: why it could not be counted.
    static let setAsideKey = "set_aside"

    /// Writes the newest runs and the generation for servers that read the dashboard from storage.
    func saveDashboardState(generation: String, recent: [RunSample], nowMs: Int64) async throws {
        try await pool.withCollection(Collections.dashboard) { collection in
            let document: BSONValue = .document([
                ("_id", "dashboard"),
                ("generation", .string(generation)),
                ("updated_at", .date(nowMs)),
                ("recent", .array(recent.map { $0.recentStateBSON() })),
            ])
            _ = try collection.replaceOne(["_id": "dashboard"], try BSONDocument(document), upsert: true)
        }
    }

    /// Forgets every aggregate and marks every run uncounted, for `--rebuild`. The caller clears the
    /// lease's journal first.
    ///
    /// Runs are reset in batches of `batchSize` through the `{counted: 1}` index, each its own
    /// command, so no single command outlives the socket timeout however many runs are stored. A
    /// rebuild stopped half-way leaves some runs counted and the aggregates empty; running it again
    /// finishes the job.
    func resetForRebuild(batchSize: Int) async throws {
        try await pool.withClient { client in
            _ = try client.collection(Collections.journal).deleteMany(BSONDocument())
            _ = try client.collection(Collections.versionMetrics).deleteMany(BSONDocument())
            _ = try client.collection(Collections.activity).deleteMany(BSONDocument())
            for width in BucketWidth.allCases { _ = try client.collection(width.collection).deleteMany(BSONDocument()) }
            _ = try client.collection(Collections.workerStatus).deleteMany(["_id": .string(Self.setAsideID)])
        }
        while try await resetBatch(batchSize) == batchSize {}
    }

    /// Marks up to `batchSize` counted runs uncounted; returns how many it found.
    private func resetBatch(_ batchSize: Int) async throws -> Int {
        try await pool.withCollection(Collections.runs) { collection in
            let ids = try collection.find(
                [RunStore.countedKey: true], sort: ["_id": 1], projection: ["_id": 1], limit: batchSize
            ).compactMap { $0["_id"] }
            guard !ids.isEmpty else { return 0 }
            // Set-aside runs are looked at again: one mended by hand is counted this time.
            _ = try collection.updateMany(
                BSONDocument([("_id", ["$in": .array(ids)])]),
                ["$set": [RunStore.countedKey: false], "$unset": [Self.setAsideKey: ""]])
            return ids.count
        }
    }
}
