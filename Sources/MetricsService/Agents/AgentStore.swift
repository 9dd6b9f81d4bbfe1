/// MongoDB queries for the `agents` collection.
public struct AgentStore: Sendable {
    let pool: MongoPool

    public init(pool: MongoPool) {
        self.pool = pool
    }

    /// The agent addressed by `idOrName`: 24 hex digits are an ObjectId (names of that shape are
    /// refused at registration), anything else is a name. Nil when there is none.
    public func find(idOrName: String) async throws -> Agent? {
        let filter: BSONValue =
            ObjectIDText.isValid(idOrName)
            ? [Agent.BSONKey.id: .objectID(idOrName.lowercased())]
            : [Agent.BSONKey.name: .string(idOrName)]
        let document = try await pool.withCollection(Collections.agents) { agents in
            try agents.findOne(BSONDocument(filter))
        }
        return try document.map { document throws(StorageError) in try Agent(bson: document) }
    }

    /// Every agent, sorted by name.
    public func list() async throws -> [Agent] {
        let documents = try await pool.withCollection(Collections.agents) { agents in
            try agents.find(sort: [Agent.BSONKey.name: 1])
        }
        var result: [Agent] = []
        result.reserveCapacity(documents.count)
        for document in documents { result.append(try Agent(bson: document)) }
        return result
    }

    /// Creates the agent, or returns the existing one (with its project updated when the request
    /// changes it). `created` tells which.
    ///
    /// Insert-then-read rather than read-then-insert: with the unique index on `name`, two
    /// concurrent first registrations cannot both insert, and the loser reads the winner's agent.
    public func register(
        _ request: RegisterAgentRequest, nowMs: Int64
    ) async throws -> (agent: Agent, created: Bool) {
        try await pool.withCollection(Collections.agents) { agents in
            let byName = try BSONDocument([(Agent.BSONKey.name, .string(request.name))])
            // Two rounds suffice: a duplicate-key error means the agent now exists; the second
            // round only repeats if it was deleted in between.
            for _ in 0..<3 {
                if let stored = try agents.findOne(byName) {
                    var agent = try Agent(bson: stored)
                    if let project = request.project, project != agent.project {
                        agent.project = project
                        agent.updatedMs = nowMs
                        // Replaced whole, not `$set`, so the dates stay BSON dates on every server.
                        _ = try agents.replaceOne(
                            BSONDocument([(Agent.BSONKey.id, .objectID(agent.id))]), BSONDocument(agent.toBSON()))
                    }
                    return (agent, false)
                }
                let agent = Agent(
                    id: ObjectID.generate(), name: request.name, project: request.projectForNewAgent,
                    createdMs: nowMs, updatedMs: nowMs)
                do {
                    try agents.insertOne(BSONDocument(agent.toBSON()))
                    return (agent, true)
                } catch StorageError.duplicateKey {
                    continue
                }
            }
            throw StorageError.commandFailed(
                code: 0, message: "agent \(request.name) kept changing during registration")
        }
    }
}
