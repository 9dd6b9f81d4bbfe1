/// The lease that lets one worker at a time write aggregates, and the fence that stops a worker
/// which lost it from writing.
///
/// One document `{_id: "metrics", owner, epoch, expires_at_ms, journal?}`:
/// - **take** is one `findAndModify` matching only an expired (or released) lease, or one held under this
///   owner name (owner names are unique per instance; tests reuse them); it sets the owner and the expiry
///   and increments `epoch`, upserting the document the first time. A second taker racing the
///   upsert gets a duplicate-key error (MongoDB) or no document (nx-27017): both mean "held".
/// - **renew** is an update matching `{owner, epoch}`: it fails once anyone else took the lease since,
///   even if this worker's lease had lapsed meanwhile; and when it succeeds nobody else held the lease in
///   between, so carrying on is safe however late the renewal came.
/// - the pass **journal** lives in this document and is written and cleared by the same `{owner, epoch}`
///   update, so only the current holder can start or finish a batch (see `MetricsWorker`).
/// - **release** sets the expiry to 0 rather than deleting: the epoch must only ever grow.
///
/// The expiry is an int64 of milliseconds rather than a BSON date because it is renewed with `$set`,
/// which some servers store as a string for dates.
struct WorkerLease: Sendable {
    static let documentID = "metrics"

    /// Who holds the lease, as another worker sees it.
    struct Holder: Sendable, Equatable {
        var owner: String
        var expiresAtMs: Int64
    }

    /// What a `take` found.
    enum Taken: Sendable, Equatable {
        /// Ours now, under a new epoch.
        case taken(epoch: Int64)
        /// Another worker's (nil when it vanished between the two reads: retry later).
        case held(Holder?)
    }

    let pool: MongoPool
    /// Unique per worker instance.
    let owner: String
    /// How long a taken or renewed lease lasts without another renewal.
    let durationMs: Int64

    /// Takes the lease when it is free, expired, released or held under this owner name.
    func take(nowMs: Int64) async throws -> Taken {
        let owner = self.owner
        let expires = nowMs + durationMs
        let document: BSONValue?
        do {
            document = try await pool.withCollection(Collections.lease) { collection in
                let filter: BSONDocument = [
                    "_id": .string(Self.documentID),
                    "$or": [["expires_at_ms": ["$lt": .int64(nowMs)]], ["owner": .string(owner)]],
                ]
                let update: BSONDocument = [
                    "$set": ["owner": .string(owner), "expires_at_ms": .int64(expires)],
                    "$inc": ["epoch": .int64(1)],
                ]
                return try collection.findOneAndUpdate(filter, update, upsert: true, returnNew: true)
            }
        } catch StorageError.duplicateKey {
            document = nil
        }
        if let document, document["owner"]?.stringValue == owner, let epoch = document["epoch"]?.int64Value {
            return .taken(epoch: epoch)
        }
        return .held(try await holder())
    }

    /// Extends the lease taken under `epoch`; false when another worker took it since, or it was released.
    func renew(epoch: Int64, nowMs: Int64) async throws -> Bool {
        try await update(
            epoch: epoch, .document([("$set", .document([("expires_at_ms", .int64(nowMs + durationMs))]))]))
    }

    /// Records the batch about to change aggregates (and renews); false when the lease is no longer ours.
    func writeJournal(_ journal: PassJournal, epoch: Int64, nowMs: Int64) async throws -> Bool {
        try await update(
            epoch: epoch,
            .document([
                (
                    "$set",
                    .document([
                        ("journal", journal.toBSON(nowMs: nowMs)), ("expires_at_ms", .int64(nowMs + durationMs)),
                    ])
                )
            ]))
    }

    /// Forgets the finished batch (and renews); false when the lease is no longer ours.
    func clearJournal(epoch: Int64, nowMs: Int64) async throws -> Bool {
        try await update(
            epoch: epoch,
            .document([
                ("$unset", .document([("journal", .string(""))])),
                ("$set", .document([("expires_at_ms", .int64(nowMs + durationMs))])),
            ]))
    }

    /// The current holder, whoever it is; nil when there is no lease document.
    func holder() async throws -> Holder? {
        try await pool.withCollection(Collections.lease) { collection in
            guard let document = try collection.findOne(["_id": .string(Self.documentID)]) else { return nil }
            return Holder(
                owner: document["owner"]?.stringValue ?? "?", expiresAtMs: document["expires_at_ms"]?.int64Value ?? 0)
        }
    }

    /// Gives the lease up so another worker can take it at once (on a clean stop). Keeps the epoch,
    /// and any journal, for the next holder.
    func release(epoch: Int64) async throws {
        _ = try await update(epoch: epoch, .document([("$set", .document([("expires_at_ms", .int64(0))]))]))
    }

    private func update(epoch: Int64, _ update: BSONValue) async throws -> Bool {
        let owner = self.owner
        return try await pool.withCollection(Collections.lease) { collection in
            let filter: BSONDocument = [
                "_id": .string(Self.documentID), "owner": .string(owner), "epoch": .int64(epoch),
            ]
            return try collection.updateOne(filter, try BSONDocument(update)).matchedCount == 1
        }
    }
}

extension WorkerLease {
    /// The interrupted batch recorded in the lease document, if any (read by the holder when it takes over).
    func journal() async throws -> PassJournal? {
        try await pool.withCollection(Collections.lease) { collection in
            guard let value = try collection.findOne(["_id": .string(Self.documentID)])?["journal"] else { return nil }
            return try PassJournal(bson: value)
        }
    }
}
