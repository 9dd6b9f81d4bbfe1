/// MongoDB queries for the `agent_runs` collection.
public struct RunStore: Sendable {
    /// A boolean on every stored run, `false` until the metrics worker has added the run to its
    /// aggregates, so each run is counted exactly once however often the worker restarts.
    public static let countedKey = AgentRun.BSONKey.Static.counted.description

    let pool: MongoPool
    /// Inserts of concurrent requests, grouped.
    private let inserts: RunInsertQueue

    public init(pool: MongoPool) {
        self.pool = pool
        inserts = RunInsertQueue(pool: pool)
    }

    /// Which runs a listing covers.
    public struct Scope: Sendable, Equatable {
        public var agentId: String
        /// Nil lists every version of the agent.
        public var version: String?

        public init(agentId: String, version: String? = nil) {
            self.agentId = agentId
            self.version = version
        }
    }

    /// Stores one request's documents with one unordered bulk insert, grouped with other requests' into one
    /// `insert_many` when they arrive together (`RunInsertQueue`). Runs already stored (same agent, version
    /// and run id, including repeats within the request) are rejected by the unique index and come back as
    /// `duplicateIndexes`, so a re-sent batch costs one round trip and no lookups.
    func insert(_ documents: RunDocuments) async throws -> (inserted: Int, duplicateIndexes: [Int]) {
        try await inserts.insert(documents)
    }

    /// Stores `documents` with one unordered bulk insert now, on a database thread that holds `collection`
    /// (`agent_runs`), without the group commit: for the OTLP path, whose export is one batch already and
    /// whose pending-span lookup shares the hop. Duplicates come back in the share, as from `insert`; so does a
    /// document's own error, which the caller throws after the hop, as the group commit does (only a failed
    /// command is thrown inside it, where the pool's circuit breaker sees it).
    static func insert(_ documents: RunDocuments, into collection: MongoCollection) throws -> InsertReport.Share {
        try documents.withBytes { try collection.insertMany(bytes: $0, starts: documents.starts) }
            .shares(counts: [documents.count])[0]
    }

    /// The stored run with this identity, or nil.
    public func find(agentId: String, version: String, runId: Int64) async throws -> AgentRun? {
        let document = try await pool.withCollection(Collections.runs) { collection in
            try collection.findOne(
                BSONDocument([
                    (AgentRun.BSONKey.agentId, .string(agentId)),
                    (AgentRun.BSONKey.version, .string(version)),
                    (AgentRun.BSONKey.runId, .int64(runId)),
                ]))
        }
        return try document.map { document throws(StorageError) in try AgentRun(bson: document) }
    }

    /// One page of runs, newest `created` first (then newest `_id`), and the cursor of the next
    /// page when there is one.
    public func list(_ scope: Scope, _ query: RunListQuery) async throws -> (runs: [AgentRun], next: RunCursor?) {
        let filter = Self.filter(scope, query)
        let limit = query.limit
        let documents = try await pool.withCollection(Collections.runs) { collection in
            // One extra document tells whether another page exists without a count.
            try collection.find(
                BSONDocument(filter), sort: [AgentRun.BSONKey.created: -1, "_id": -1], limit: limit + 1)
        }
        var runs: [AgentRun] = []
        runs.reserveCapacity(min(documents.count, limit))
        for document in documents.prefix(limit) { runs.append(try AgentRun(bson: document)) }
        guard documents.count > limit, let last = runs.last, let lastID = documents[limit - 1]["_id"] else {
            return (runs, nil)
        }
        guard case .objectID(let hex) = lastID else {
            throw StorageError.invalidData("agent_runs._id: expected an ObjectId, got \(lastID)")
        }
        return (runs, RunCursor(createdMs: last.createdMs, objectID: hex))
    }

    /// `{agent_id, version?, status?, created: {$gte, $lt}?, $or: [after cursor]?}`. Every value
    /// is typed (strings, dates, an ObjectId), so nothing from a request can become an operator.
    static func filter(_ scope: Scope, _ query: RunListQuery) -> BSONValue {
        var fields: [(String, BSONValue)] = [(AgentRun.BSONKey.agentId, .string(scope.agentId))]
        if let version = scope.version { fields.append((AgentRun.BSONKey.version, .string(version))) }
        if let status = query.status { fields.append((AgentRun.BSONKey.status, .string(status))) }
        var range: [(String, BSONValue)] = []
        if let since = query.sinceMs { range.append(("$gte", .date(since))) }
        if let until = query.untilMs { range.append(("$lt", .date(until))) }
        if !range.isEmpty { fields.append((AgentRun.BSONKey.created, .document(range))) }
        if let cursor = query.cursor {
            fields.append(
                (
                    "$or",
                    [
                        [AgentRun.BSONKey.created: ["$lt": .date(cursor.createdMs)]],
                        [
                            AgentRun.BSONKey.created: .date(cursor.createdMs),
                            "_id": ["$lt": .objectID(cursor.objectID)],
                        ],
                    ]
                ))
        }
        return .document(fields)
    }
}
