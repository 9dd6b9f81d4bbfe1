/// MongoDB queries for the `agent_versions` collection.
public struct VersionStore: Sendable {
    let pool: MongoPool

    public init(pool: MongoPool) {
        self.pool = pool
    }

    /// What `create` did.
    public enum CreateResult: Sendable, Equatable {
        /// Stored now.
        case created(AgentVersion)
        /// Already stored with the same content: the client re-sent it.
        case existing(AgentVersion)
        /// Already stored with different content.
        case conflict(AgentVersion)
    }

    /// Stores the version unless `(agentId, version)` exists. Insert first and let the unique
    /// index decide, so concurrent creates of one version agree on a single record.
    public func create(agentId: String, _ request: CreateVersionRequest, nowMs: Int64) async throws -> CreateResult {
        let version = request.makeVersion(id: ObjectID.generate(), agentId: agentId, createdMs: nowMs)
        return try await pool.withCollection(Collections.versions) { versions in
            do {
                try versions.insertOne(BSONDocument(version.toBSON()))
                return .created(version)
            } catch StorageError.duplicateKey {
                guard let stored = try versions.findOne(Self.filter(agentId: agentId, version: request.version)) else {
                    throw StorageError.commandFailed(code: 0, message: "version vanished after a duplicate key")
                }
                let existing = try AgentVersion(bson: stored)
                return existing.hasSameContent(as: request) ? .existing(existing) : .conflict(existing)
            }
        }
    }

    /// The version, or nil.
    public func find(agentId: String, version: String) async throws -> AgentVersion? {
        let document = try await pool.withCollection(Collections.versions) { versions in
            try versions.findOne(Self.filter(agentId: agentId, version: version))
        }
        return try document.map { document throws(StorageError) in try AgentVersion(bson: document) }
    }

    /// The agent's versions, newest first (`SemanticVersion.newestFirst`).
    public func list(agentId: String) async throws -> [AgentVersion] {
        let documents = try await pool.withCollection(Collections.versions) { versions in
            try versions.find(BSONDocument([(AgentVersion.BSONKey.agentId, .string(agentId))]))
        }
        var result: [AgentVersion] = []
        result.reserveCapacity(documents.count)
        for document in documents { result.append(try AgentVersion(bson: document)) }
        result.sort { SemanticVersion.newestFirst(($0.version, $0.createdMs), ($1.version, $1.createdMs)) }
        return result
    }

    private static func filter(agentId: String, version: String) throws -> BSONDocument {
        try BSONDocument([
            (AgentVersion.BSONKey.agentId, .string(agentId)),
            (AgentVersion.BSONKey.version, .string(version)),
        ])
    }
}
