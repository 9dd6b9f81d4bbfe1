/// What a worker's aggregate writes carry so that a worker which lost the lease cannot change them.
///
/// Every aggregate document stores the `lease_epoch` it was last written under, and a write only
/// replaces a document whose stored epoch is not newer than its own. Before each write the
/// write deadline (`LeaseTerm.writeDeadlineMs`, moved on by every renewal, the heartbeat's included)
/// is checked against the clock, so a worker stalled past it stops instead of writing late.
struct WriteFence: Sendable {
    static let key = "lease_epoch"

    let epoch: Int64
    /// The current write deadline in milliseconds; read at each write, as renewals move it.
    let deadlineMs: @Sendable () -> Int64
    let clock: @Sendable () -> Int64

    /// A fence whose deadline does not move (tests).
    init(epoch: Int64, deadlineMs: Int64, clock: @escaping @Sendable () -> Int64) {
        self.init(epoch: epoch, deadline: { deadlineMs }, clock: clock)
    }

    init(epoch: Int64, deadline: @escaping @Sendable () -> Int64, clock: @escaping @Sendable () -> Int64) {
        self.epoch = epoch
        self.deadlineMs = deadline
        self.clock = clock
    }

    /// Throws `leaseLost` once the write deadline has passed.
    func check() throws(MetricsWorkerError) {
        guard clock() < deadlineMs() else { throw .leaseLost }
    }

    /// `{_id: id, $or: [{lease_epoch: {$lte: epoch}}, {lease_epoch: null}]}`: the document unless a newer
    /// lease holder wrote it (null matches documents written before epochs existed).
    func filter(id: BSONValue) -> BSONValue {
        .document([
            ("_id", id),
            (
                "$or",
                .array([
                    .document([(Self.key, .document([("$lte", .int64(epoch))]))]),
                    .document([(Self.key, .null)]),
                ])
            ),
        ])
    }

    /// `document` with this fence's epoch added.
    func stamp(_ document: BSONValue) -> BSONValue {
        .document((document.documentValue ?? []).filter { $0.0 != Self.key } + [(Self.key, .int64(epoch))])
    }

    /// Inserts a document the caller found absent; throws `leaseLost` when it exists by now (written since by a
    /// newer holder, or by a stale write: the pass stops, and the next one starts again from what is stored). A
    /// plain insert rather than `replace`'s upsert, which on nx-27017 scans the collection when it inserts (9 ms
    /// a document at 20,000 documents, 1 ms at 1,000) while an insert stays flat.
    func insert(in collection: MongoCollection, document: BSONValue) throws {
        try check()
        do {
            try collection.insertOne(try BSONDocument(stamp(document)))
        } catch StorageError.duplicateKey {
            throw MetricsWorkerError.leaseLost
        }
    }

    /// Replaces (or inserts) one document under the fence; throws `leaseLost` when a newer holder owns it.
    func replace(in collection: MongoCollection, id: BSONValue, with document: BSONValue) throws {
        try check()
        let result: MongoUpdateResult
        do {
            result = try collection.replaceOne(
                try BSONDocument(filter(id: id)), try BSONDocument(stamp(document)), upsert: true)
        } catch StorageError.duplicateKey {
            // The document exists with a newer epoch, so the upsert tried to insert a second one.
            throw MetricsWorkerError.leaseLost
        }
        guard result.matchedCount == 1 || result.upsertedID != nil else { throw MetricsWorkerError.leaseLost }
    }
}
