import CMongoC

/// CRUD helpers for one collection. Like `MongoClient`, valid only inside a
/// `MongoPool.withClient` body.
public struct MongoCollection {
    let client: MongoClient
    public let databaseName: String
    public let name: String

    /// Runs `body` with a `mongoc_collection_t *`; handles are cheap, so one per call.
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        guard let handle = mongoc_client_get_collection(client.raw, databaseName, name) else {
            throw StorageError.commandFailed(code: 0, message: "could not open collection \(name)")
        }
        defer { mongoc_collection_destroy(handle) }
        return try body(handle)
    }

    /// Inserts one document. Throws `duplicateKey` when a unique index rejects it.
    public func insertOne(_ document: BSONDocument) throws {
        let error = BSONErrorBuffer()
        let ok = try withHandle { mongoc_collection_insert_one($0, document.raw, nil, nil, error.pointer) }
        guard ok else { throw error.storageError }
    }

    /// Inserts a batch in one round trip.
    ///
    /// Unique-index rejections are not errors here: they come back as the batch positions
    /// in `duplicateIndexes`, which is how callers deduplicate without a read first. Any other
    /// per-document or write-concern error throws.
    public func insertMany(
        _ documents: [BSONDocument], ordered: Bool = false
    ) throws -> (inserted: Int, duplicateIndexes: [Int]) {
        guard !documents.isEmpty else { return (0, []) }
        let options: BSONDocument = ["ordered": .bool(ordered)]
        var pointers: [OpaquePointer?] = documents.map { $0.raw }
        let report = try withExtendedLifetime(options) {
            try pointers.withUnsafeMutableBufferPointer { try insertMany($0, options: options.raw) }
        }
        if let failure = report.failures.first { throw failure.error }
        if let concernError = report.concernError { throw concernError }
        return (report.inserted, report.duplicateIndexes)
    }

    /// One `insert_many` of `documents` with `options`, and what the server said of each document.
    /// Throws only when the command as a whole failed (nothing is known of any document).
    func insertMany(
        _ documents: UnsafeMutableBufferPointer<OpaquePointer?>, options: OpaquePointer
    ) throws -> InsertReport {
        let reply = BSONReply()
        let error = BSONErrorBuffer()
        let ok = try withHandle { handle in
            mongoc_collection_insert_many(
                handle, documents.baseAddress, documents.count, options, reply.raw, error.pointer)
        }
        let result = reply.value
        let writeErrors = result["writeErrors"]?.arrayValue ?? []
        var report = InsertReport()
        for writeError in writeErrors {
            let code = Int(writeError["code"]?.int64Value ?? 0)
            let message = writeError["errmsg"]?.stringValue ?? "write error"
            let index = Int(writeError["index"]?.int64Value ?? -1)
            if StorageError.duplicateKeyCodes.contains(code), index >= 0 {
                report.duplicateIndexes.append(index)
            } else {
                report.failures.append((index, StorageError.fromServer(code: code, message: message)))
            }
        }
        if let concernError = result["writeConcernErrors"]?.arrayValue?.first {
            report.concernError = StorageError.fromServer(
                code: Int(concernError["code"]?.int64Value ?? 0),
                message: concernError["errmsg"]?.stringValue ?? "write concern error")
        }
        if !ok && writeErrors.isEmpty && report.concernError == nil { throw error.storageError }
        report.duplicateIndexes.sort()
        let inserted = result["insertedCount"]?.int64Value ?? result["nInserted"]?.int64Value
        let expected = documents.count - report.duplicateIndexes.count - report.failures.count
        report.inserted = Int(inserted ?? Int64(expected))
        return report
    }

    /// Documents matching `filter`, each as `.document`.
    public func find(
        _ filter: BSONDocument = BSONDocument(),
        sort: BSONDocument? = nil,
        projection: BSONDocument? = nil,
        skip: Int? = nil,
        limit: Int? = nil
    ) throws -> [BSONValue] {
        let options = BSONDocument()
        if let sort { try options.append("sort", sort) }
        if let projection { try options.append("projection", projection) }
        if let skip { try options.append("skip", .int64(Int64(skip))) }
        if let limit { try options.append("limit", .int64(Int64(limit))) }
        return try withHandle { handle in
            try MongoCursor(mongoc_collection_find_with_opts(handle, filter.raw, options.raw, nil)).all()
        }
    }

    /// The first document matching `filter` in `sort` order, or nil.
    public func findOne(_ filter: BSONDocument = BSONDocument(), sort: BSONDocument? = nil) throws -> BSONValue? {
        try find(filter, sort: sort, limit: 1).first
    }

    /// Runs an aggregation pipeline.
    public func aggregate(_ pipeline: [BSONDocument]) throws -> [BSONValue] {
        let wrapper = BSONDocument()
        try wrapper.append("pipeline", documents: pipeline)
        return try withHandle { handle in
            try MongoCursor(mongoc_collection_aggregate(handle, MONGOC_QUERY_NONE, wrapper.raw, nil, nil)).all()
        }
    }

    /// Counts documents matching `filter`.
    public func countDocuments(_ filter: BSONDocument = BSONDocument()) throws -> Int {
        let error = BSONErrorBuffer()
        let count = try withHandle { mongoc_collection_count_documents($0, filter.raw, nil, nil, nil, error.pointer) }
        guard count >= 0 else { throw error.storageError }
        return Int(count)
    }

    /// Applies an update document (`$set`, `$inc`, ...) to the first match.
    public func updateOne(_ filter: BSONDocument, _ update: BSONDocument, upsert: Bool = false) throws
        -> MongoUpdateResult
    {
        try write(filter, update, upsert: upsert, mongoc_collection_update_one)
    }

    /// Applies an update document to every match.
    public func updateMany(_ filter: BSONDocument, _ update: BSONDocument, upsert: Bool = false) throws
        -> MongoUpdateResult
    {
        try write(filter, update, upsert: upsert, mongoc_collection_update_many)
    }

    /// Replaces the first match whole. Prefer this over `$set` for documents holding dates
    /// whose type must survive exactly.
    public func replaceOne(_ filter: BSONDocument, _ replacement: BSONDocument, upsert: Bool = false) throws
        -> MongoUpdateResult
    {
        try write(filter, replacement, upsert: upsert, mongoc_collection_replace_one)
    }

    /// Atomically updates the first match (in `sort` order) and returns it, after the update
    /// when `returnNew`, or nil when nothing matched and `upsert` is false.
    public func findOneAndUpdate(
        _ filter: BSONDocument,
        _ update: BSONDocument,
        sort: BSONDocument? = nil,
        upsert: Bool = false,
        returnNew: Bool = true
    ) throws -> BSONValue? {
        let command: BSONDocument = ["findAndModify": .string(name)]
        try command.append("query", filter)
        if let sort { try command.append("sort", sort) }
        try command.append("update", update)
        try command.append("new", .bool(returnNew))
        try command.append("upsert", .bool(upsert))
        let reply = try client.runCommand(command, database: databaseName)
        guard let value = reply["value"], !value.isNull else { return nil }
        return value
    }

    /// Deletes every match and returns how many went.
    @discardableResult
    public func deleteMany(_ filter: BSONDocument) throws -> Int {
        let reply = BSONReply()
        let error = BSONErrorBuffer()
        let ok = try withHandle { mongoc_collection_delete_many($0, filter.raw, nil, reply.raw, error.pointer) }
        guard ok else { throw error.storageError }
        return Int(reply.value["deletedCount"]?.int64Value ?? 0)
    }

    /// Creates indexes with the `createIndexes` command. Repeating an identical spec is a
    /// no-op on the server, so this is safe to run at every start.
    public func createIndexes(_ indexes: [MongoIndex]) throws {
        guard !indexes.isEmpty else { return }
        let command: BSONDocument = ["createIndexes": .string(name)]
        try command.append("indexes", .array(indexes.map(\.document)))
        try client.runCommand(command, database: databaseName)
    }

    private typealias WriteFunction = (
        OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?,
        UnsafeMutablePointer<bson_error_t>?
    ) -> Bool

    private func write(
        _ filter: BSONDocument, _ change: BSONDocument, upsert: Bool, _ function: WriteFunction
    ) throws -> MongoUpdateResult {
        let options: BSONDocument = ["upsert": .bool(upsert)]
        let reply = BSONReply()
        let error = BSONErrorBuffer()
        let ok = try withHandle { function($0, filter.raw, change.raw, options.raw, reply.raw, error.pointer) }
        guard ok else { throw error.storageError }
        return MongoUpdateResult(reply: reply.value)
    }
}

@available(*, unavailable, message: "a checked-out client belongs to one pool thread")
extension MongoCollection: Sendable {}
