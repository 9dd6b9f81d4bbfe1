/// The write-ahead record of a pass: which runs it is counting, under which pass id.
///
/// Written before any aggregate changes and deleted after the runs are marked counted, so a
/// journal found at start-up means a pass stopped somewhere in between (see `MetricsWorker`).
struct PassJournal: Sendable, Equatable {
    static let documentID = "pass"

    var passID: String
    /// The run documents' `_id`s (ObjectId hex).
    var runIDs: [String]

    func toBSON(nowMs: Int64) -> BSONValue {
        .document([
            ("_id", .string(Self.documentID)),
            ("pass_id", .string(passID)),
            ("run_ids", .array(runIDs.map(BSONValue.objectID))),
            ("started_at", .date(nowMs)),
        ])
    }

    init(passID: String, runIDs: [String]) {
        self.passID = passID
        self.runIDs = runIDs
    }

    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "worker_journal")
        passID = try reader.string("pass_id")
        var ids: [String] = []
        for value in reader.value("run_ids")?.arrayValue ?? [] {
            switch value {
            case .objectID(let hex), .string(let hex): ids.append(hex)
            default: throw .invalidData("worker_journal.run_ids: expected ObjectIds")
            }
        }
        runIDs = ids
    }

    /// A fresh pass id: time plus randomness, unique across workers and restarts.
    static func newPassID(nowMs: Int64) -> String {
        String(nowMs, radix: 16) + "-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }
}
