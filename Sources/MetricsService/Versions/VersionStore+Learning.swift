extension VersionStore {
    /// Adds `models` and `tools` to the version's lists, each at most once (`$addToSet`), for versions created
    /// from OTLP spans, which learn what their runs use.
    public func learn(agentId: String, version: String, models: [String], tools: [String]) async throws {
        var additions: [(String, BSONValue)] = []
        if !models.isEmpty {
            additions.append((AgentVersion.BSONKey.models, ["$each": .array(models.map(BSONValue.string))]))
        }
        if !tools.isEmpty {
            additions.append((AgentVersion.BSONKey.tools, ["$each": .array(tools.map(BSONValue.string))]))
        }
        guard !additions.isEmpty else { return }
        let filter: BSONValue = [
            AgentVersion.BSONKey.agentId: .string(agentId), AgentVersion.BSONKey.version: .string(version),
        ]
        let update: BSONValue = ["$addToSet": .document(additions)]
        _ = try await pool.withCollection(Collections.versions) { versions in
            try versions.updateOne(BSONDocument(filter), BSONDocument(update))
        }
    }
}
