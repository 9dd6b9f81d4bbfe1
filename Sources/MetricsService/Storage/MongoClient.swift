import CMongoC

/// A libmongoc client checked out of the pool for the duration of one `MongoPool.withClient`
/// body. Valid only inside that body and on its thread.
public struct MongoClient {
    let raw: OpaquePointer
    /// The database that `collection(_:)` and `runCommand(_:)` use by default.
    public let databaseName: String

    init(raw: OpaquePointer, databaseName: String) {
        self.raw = raw
        self.databaseName = databaseName
    }

    /// A collection in the configured database.
    public func collection(_ name: String) -> MongoCollection {
        MongoCollection(client: self, databaseName: databaseName, name: name)
    }

    /// Runs a database command and returns its reply.
    ///
    /// - Parameter database: defaults to the configured database.
    @discardableResult
    public func runCommand(_ command: BSONDocument, database: String? = nil) throws -> BSONValue {
        let reply = BSONReply()
        let error = BSONErrorBuffer()
        let ok = mongoc_client_command_simple(
            raw, database ?? databaseName, command.raw, nil, reply.raw, error.pointer)
        guard ok else { throw error.storageError }
        return reply.value
    }

    /// Round-trips a `ping` to the server; throws `StorageError.unavailable` when it is down.
    public func ping() throws {
        try runCommand(["ping": .int32(1)], database: "admin")
    }
}

@available(*, unavailable, message: "a checked-out client belongs to one pool thread")
extension MongoClient: Sendable {}
