/// The write-ahead record of a pass: which runs it is counting, under which pass id.
///
/// Written into the lease document (see `WorkerLease`) before any aggregate changes and cleared after
/// the runs are marked counted, so a journal found when taking the lease means a batch stopped somewhere
/// in between (see `MetricsWorker`). Versions before the lease epoch kept it in `worker_journal` under
/// `_id: "pass"`; a new worker still finishes such a journal.
struct PassJournal: Sendable, Equatable {
    /// The `_id` of a journal in the legacy `worker_journal` collection.
    static let legacyDocumentID = "pass"

    var passID: String
    /// The run documents' `_id`s as stored: ObjectIds, except for runs set aside, whose `_id`
    /// may be anything a hand-written document holds.
    var runIDs: [BSONValue]

    func toBSON(nowMs: Int64) -> BSONValue {
        .document([
            ("pass_id", .string(passID)),
            ("run_ids", .array(runIDs)),
            ("started_at", .date(nowMs)),
        ])
    }

    init(passID: String, runIDs: [BSONValue]) {
        self.passID = passID
        self.runIDs = runIDs
    }

    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "worker_journal")
        passID = try reader.string("pass_id")
        runIDs = reader.value("run_ids")?.arrayValue ?? []
    }

    /// A fresh pass id: time plus randomness, unique across workers and restarts.
    static func newPassID(nowMs: Int64) -> String {
        String(nowMs, radix: 16) + "-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }
}
