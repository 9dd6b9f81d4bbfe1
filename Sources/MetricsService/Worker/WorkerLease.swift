/// The lease that lets one worker at a time run passes against a database.
///
/// A document `{_id: "metrics", owner, expires_at_ms}` taken with one `findAndModify` that matches
/// only when the lease is expired or already ours, upserting when it does not exist yet. A second
/// taker racing the upsert gets a duplicate-key error (MongoDB) or no document (nx-27017): both
/// mean "held by someone else". The expiry is an int64 of milliseconds rather than a BSON date
/// because it is renewed with `$set`, which some servers store as a string for dates.
struct WorkerLease: Sendable {
    static let documentID = "metrics"

    let pool: MongoPool
    /// Unique per worker instance.
    let owner: String
    /// How long a taken or renewed lease lasts: two intervals, so a dead worker's lease lapses
    /// within two intervals and a live one renews it every pass.
    let durationMs: Int64

    /// Takes or renews the lease; false when another live worker holds it.
    func acquire(nowMs: Int64) async throws -> Bool {
        let owner = self.owner
        let expires = nowMs + durationMs
        do {
            return try await pool.withCollection(Collections.lease) { collection in
                let filter: BSONDocument = [
                    "_id": .string(Self.documentID),
                    "$or": [["expires_at_ms": ["$lt": .int64(nowMs)]], ["owner": .string(owner)]],
                ]
                let update: BSONDocument = [
                    "$set": ["owner": .string(owner), "expires_at_ms": .int64(expires)]
                ]
                let result = try collection.findOneAndUpdate(filter, update, upsert: true, returnNew: true)
                return result?["owner"]?.stringValue == owner
            }
        } catch StorageError.duplicateKey {
            return false
        }
    }

    /// Gives the lease up so another worker can take it at once (on a clean stop).
    func release() async throws {
        let owner = self.owner
        try await pool.withCollection(Collections.lease) { collection in
            _ = try collection.deleteMany(["_id": .string(Self.documentID), "owner": .string(owner)])
        }
    }
}
