extension AgentVersion {
    /// Field names in the `agent_versions` collection; `(agent_id, version)` is unique.
    public enum BSONKey {
        public static let id = "_id"
        public static let agentId = "agent_id"
        public static let version = "version"
        public static let cluster = "cluster"
        public static let deployment = "deployment"
        public static let tools = "tools"
        public static let models = "models"
        public static let createdAt = "created_at"
    }

    /// The whole document, `_id` first.
    public func toBSON() -> BSONValue {
        .document([
            (BSONKey.id, .objectID(id)),
            (BSONKey.agentId, .string(agentId)),
            (BSONKey.version, .string(version)),
            (BSONKey.cluster, .string(cluster)),
            (BSONKey.deployment, .string(deployment)),
            (BSONKey.tools, .array(tools.map(BSONValue.string))),
            (BSONKey.models, .array(models.map(BSONValue.string))),
            (BSONKey.createdAt, .date(createdMs)),
        ])
    }

    /// Reads a stored document; missing optional fields read as `""` or `[]`.
    public init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "agent_versions")
        self.init(
            id: try reader.objectID(BSONKey.id),
            agentId: try reader.string(BSONKey.agentId),
            version: try reader.string(BSONKey.version),
            cluster: try reader.optionalString(BSONKey.cluster) ?? "",
            deployment: try reader.optionalString(BSONKey.deployment) ?? "",
            tools: try reader.stringArray(BSONKey.tools),
            models: try reader.stringArray(BSONKey.models),
            createdMs: try reader.date(BSONKey.createdAt))
    }
}
