/// The alert documents: `alert_states` (what was last said about each version) and `alert_outbox` (events to
/// deliver), each operation one job on the pool's blocking threads.
struct AlertStore: Sendable {
    let pool: MongoPool

    /// Every version's state.
    func states() async throws -> [VersionKey: AlertState] {
        try await pool.withCollection(Collections.alertStates) { collection in
            var states: [VersionKey: AlertState] = [:]
            for document in try collection.find() {
                let state = try AlertState(bson: document)
                states[state.key] = state
            }
            return states
        }
    }

    /// Records a state (a transition, or its `outboxed` mark) under the worker's fence.
    func save(_ state: AlertState, fence: WriteFence) async throws {
        try await pool.withCollection(Collections.alertStates) { collection in
            try fence.replace(in: collection, id: .string(state.key.documentID), with: state.toBSON())
        }
    }

    /// Queues the state's event, once: a second insert of the same event id is a no-op.
    func enqueue(_ state: AlertState, nowMs: Int64) async throws {
        let document = AlertOutboxEntry(state, nowMs: nowMs).toBSON(nowMs: nowMs)
        try await pool.withCollection(Collections.alertOutbox) { collection in
            do {
                try collection.insertOne(try BSONDocument(document))
            } catch StorageError.duplicateKey {
                // Queued before a crash: the same event, already there.
            }
        }
    }

    /// Events not yet delivered, oldest transition first.
    func pending() async throws -> [AlertOutboxEntry] {
        try await pool.withCollection(Collections.alertOutbox) { collection in
            try collection.find(
                [Self.status: .string(AlertOutboxEntry.Status.pending.rawValue)],
                sort: ["created_ms": 1, "sequence": 1]
            ).map(AlertOutboxEntry.init(bson:))
        }
    }

    /// Marks a pending event delivered (or abandoned); a no-op for one already marked.
    func finish(_ id: String, status: AlertOutboxEntry.Status, nowMs: Int64) async throws {
        try await update(id, [("status", .string(status.rawValue)), ("finished_ms", .int64(nowMs))])
    }

    /// Records a failed attempt and when to try again.
    func reschedule(_ id: String, attempts: Int, nextAttemptMs: Int64, error: String) async throws {
        try await update(
            id,
            [
                ("attempts", .int64(Int64(attempts))), ("next_attempt_ms", .int64(nextAttemptMs)),
                ("last_error", .string(error)),
            ])
    }

    private func update(_ id: String, _ fields: [(String, BSONValue)]) async throws {
        try await pool.withCollection(Collections.alertOutbox) { collection in
            let filter: BSONDocument = [
                "_id": .string(id), Self.status: .string(AlertOutboxEntry.Status.pending.rawValue),
            ]
            _ = try collection.updateOne(filter, try BSONDocument(.document([("$set", .document(fields))])))
        }
    }

    static let status = "status"
}
