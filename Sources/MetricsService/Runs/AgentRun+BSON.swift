extension AgentRun {
    /// Field names in the `agent_runs` collection. `(agent_id, version, run_id)` is unique;
    /// `(agent_id, created desc)` and `(created desc)` serve the listings.
    public enum BSONKey {
        public static let agentId = "agent_id"
        public static let version = "version"
        public static let runId = "run_id"
        public static let taskId = "task_id"
        public static let status = "status"
        public static let created = "created"
        public static let timeTaken = "time_taken"
        public static let timeTakenSeconds = "time_taken_seconds"
        public static let initiator = "initiator"
        public static let tools = "tools"
        public static let models = "models"
        public static let cost = "cost"
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
