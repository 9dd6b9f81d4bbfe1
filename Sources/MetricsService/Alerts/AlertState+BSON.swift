extension AlertState {
    /// The whole `alert_states` document; written by replacement under the worker's fence.
    func toBSON() -> BSONValue {
        .document([
            ("_id", .string(key.documentID)),
            ("agent_id", .string(key.agentId)),
            ("version", .string(key.version)),
            ("condition", .string(condition.rawValue)),
            ("sequence", .int64(sequence)),
            ("event", .string(event)),
            ("outboxed", .bool(outboxed)),
        ])
    }

    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: Collections.alertStates)
        let text = try reader.string("condition")
        guard let condition = Condition(rawValue: text) else {
            throw .invalidData("\(Collections.alertStates).condition: unknown \(text)")
        }
        self.init(
            key: VersionKey(agentId: try reader.string("agent_id"), version: try reader.string("version")),
            condition: condition, sequence: try reader.int64("sequence"),
            event: try reader.optionalString("event") ?? "",
            // A server that stores booleans as 1/0 may hand either back.
            outboxed: reader.value("outboxed").map { $0.boolValue ?? ($0.int64Value != 0) } ?? true)
    }
}
