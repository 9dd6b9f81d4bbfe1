/// An event waiting to be delivered, or delivered: one `alert_outbox` document, `_id` = the event id.
struct AlertOutboxEntry: Sendable, Equatable {
    enum Status: String, Sendable {
        case pending
        case delivered
        /// Given up after `RetrySchedule.maximumAttempts`.
        case abandoned
    }

    var id: String
    var key: VersionKey
    var sequence: Int64
    /// The JSON body, sent byte for byte as stored (the signature covers exactly these bytes).
    var body: String
    var status: Status = .pending
    var attempts = 0
    /// Not before this (wall-clock milliseconds).
    var nextAttemptMs: Int64

    init(_ state: AlertState, nowMs: Int64) {
        id = AlertState.eventID(state.key, sequence: state.sequence)
        key = state.key
        sequence = state.sequence
        body = state.event
        nextAttemptMs = nowMs
    }

    /// Integers and strings only (no dates, no booleans), so every server stores them as written, `$set` or not.
    func toBSON(nowMs: Int64) -> BSONValue {
        .document([
            ("_id", .string(id)),
            ("agent_id", .string(key.agentId)),
            ("version", .string(key.version)),
            ("sequence", .int64(sequence)),
            ("body", .string(body)),
            ("status", .string(status.rawValue)),
            ("attempts", .int64(Int64(attempts))),
            ("next_attempt_ms", .int64(nextAttemptMs)),
            ("created_ms", .int64(nowMs)),
        ])
    }

    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: Collections.alertOutbox)
        id = try reader.string("_id")
        key = VersionKey(agentId: try reader.string("agent_id"), version: try reader.string("version"))
        sequence = try reader.int64("sequence")
        body = try reader.string("body")
        status = Status(rawValue: try reader.string("status")) ?? .pending
        attempts = Int(try reader.optionalInt64("attempts") ?? 0)
        nextAttemptMs = try reader.optionalInt64("next_attempt_ms") ?? 0
    }
}
