extension AgentRun {
    /// Field names in the `agent_runs` collection. `(agent_id, version, run_id)` is unique;
    /// `(agent_id, created desc)` and `(created desc)` serve the listings.
    public enum BSONKey {
        public static let agentId = Static.agentId.description
        public static let version = Static.version.description
        public static let runId = Static.runId.description
        public static let taskId = Static.taskId.description
        public static let status = Static.status.description
        public static let created = Static.created.description
        public static let timeTaken = Static.timeTaken.description
        public static let timeTakenSeconds = Static.timeTakenSeconds.description
        public static let initiator = Static.initiator.description
        public static let tools = Static.tools.description
        public static let models = Static.models.description
        public static let cost = Static.cost.description

        /// The names themselves, as static strings for `BSONWriter` (the `String`s above derive from these,
        /// so each name is written once). `id` and `counted` are the fields the server adds.
        enum Static {
            static let id: StaticString = "_id"
            static let agentId: StaticString = "agent_id"
            static let version: StaticString = "version"
            static let runId: StaticString = "run_id"
            static let taskId: StaticString = "task_id"
            static let status: StaticString = "status"
            static let created: StaticString = "created"
            static let timeTaken: StaticString = "time_taken"
            static let timeTakenSeconds: StaticString = "time_taken_seconds"
            static let initiator: StaticString = "initiator"
            static let tools: StaticString = "tools"
            static let models: StaticString = "models"
            static let cost: StaticString = "cost"
            static let counted: StaticString = "counted"
        }
    }

    /// The document without `_id` (the server assigns one). Absent `task_id` and `time_taken`
    /// are stored as null so every document has the same fields and `$avg` skips them. A run from OTLP
    /// adds its `RunTrace` members.
    public func toBSON() -> BSONValue {
        let fields: [(String, BSONValue)] = [
            (BSONKey.agentId, .string(agentId)),
            (BSONKey.version, .string(version)),
            (BSONKey.runId, .int64(id)),
            (BSONKey.taskId, taskId.map(BSONValue.int64) ?? .null),
            (BSONKey.status, .string(status)),
            (BSONKey.created, .date(createdMs)),
            (BSONKey.timeTaken, timeTakenText.map(BSONValue.string) ?? .null),
            (BSONKey.timeTakenSeconds, timeTakenSeconds.map(BSONValue.double) ?? .null),
            (BSONKey.initiator, .string(initiator)),
            (BSONKey.tools, .array(tools.map(BSONValue.string))),
            (BSONKey.models, .array(models.map(BSONValue.string))),
            (BSONKey.cost, .double(cost)),
        ]
        return .document(trace.map { fields + $0.bsonFields } ?? fields)
    }

    /// Reads a stored document (an `_id` member, if present, is ignored).
    public init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "agent_runs")
        self.init(
            agentId: try reader.string(BSONKey.agentId),
            version: try reader.string(BSONKey.version),
            id: try reader.int64(BSONKey.runId),
            taskId: try reader.optionalInt64(BSONKey.taskId),
            status: try reader.string(BSONKey.status),
            createdMs: try reader.date(BSONKey.created),
            timeTakenText: try reader.optionalString(BSONKey.timeTaken),
            timeTakenSeconds: try reader.optionalDouble(BSONKey.timeTakenSeconds),
            initiator: try reader.optionalString(BSONKey.initiator) ?? "",
            tools: try reader.stringArray(BSONKey.tools),
            models: try reader.stringArray(BSONKey.models),
            cost: try reader.optionalDouble(BSONKey.cost) ?? 0)
        trace = try RunTrace(reader: reader)
    }
}
