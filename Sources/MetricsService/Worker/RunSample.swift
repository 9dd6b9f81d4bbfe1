/// The part of a stored run the worker and dashboard need, read from an `agent_runs` document.
public struct RunSample: Sendable, Equatable {
    /// The run document's `_id` (ObjectId hex), the identity the worker marks as counted.
    public var objectID: String
    public var key: VersionKey
    public var runId: Int64
    public var status: String
    public var createdMs: Int64
    /// `time_taken` in whole microseconds; nil when the run gave none.
    public var runtimeMicros: Int64?
    /// Cost in whole micro-dollars.
    public var costMicros: Int64

    public init(
        objectID: String, key: VersionKey, runId: Int64, status: String, createdMs: Int64,
        runtimeMicros: Int64?, costMicros: Int64
    ) {
        self.objectID = objectID
        self.key = key
        self.runId = runId
        self.status = status
        self.createdMs = createdMs
        self.runtimeMicros = runtimeMicros
        self.costMicros = costMicros
    }

    public var outcome: RunOutcome { RunOutcome(status: status) }

    /// The fields `init(bson:)` reads, for a find projection (a new document each time: a
    /// `bson_t` stays on the pool thread that uses it).
    static var projection: BSONDocument {
        [
            "_id": 1, AgentRun.BSONKey.agentId: 1, AgentRun.BSONKey.version: 1, AgentRun.BSONKey.runId: 1,
            AgentRun.BSONKey.status: 1, AgentRun.BSONKey.created: 1, AgentRun.BSONKey.timeTakenSeconds: 1,
            AgentRun.BSONKey.cost: 1,
        ]
    }

    /// Reads a stored run, checking every value against `FieldBounds` as ingest does: documents
    /// written by hand or by older versions may hold anything, and a value out of range is
    /// refused here (so the run is set aside) rather than trapping in the sums or being clamped.
    public init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "agent_runs")
        guard case .objectID(let objectID)? = reader.value("_id") else {
            throw .invalidData("agent_runs._id: expected an ObjectId")
        }
        let status = try reader.string(AgentRun.BSONKey.status)
        guard !status.isEmpty, status.utf8.count <= FieldBounds.maximumStatusBytes else {
            throw .invalidData("agent_runs.status: must be 1 to \(FieldBounds.maximumStatusBytes) bytes long")
        }
        let createdMs = try reader.date(AgentRun.BSONKey.created)
        guard FieldBounds.dates.contains(createdMs) else {
            throw .invalidData("agent_runs.created: must be \(FieldBounds.datesText)")
        }
        let seconds = try reader.optionalDouble(AgentRun.BSONKey.timeTakenSeconds)
        if let seconds, !(0...FieldBounds.maximumTimeTakenSeconds).contains(seconds) {
            throw .invalidData("agent_runs.time_taken_seconds: \(seconds) is outside 0 to 30 days")
        }
        let cost = try reader.optionalDouble(AgentRun.BSONKey.cost) ?? 0
        guard (0...FieldBounds.maximumCost).contains(cost) else {
            throw .invalidData("agent_runs.cost: \(cost) is outside 0 to \(Int(FieldBounds.maximumCost))")
        }
        self.init(
            objectID: objectID,
            key: VersionKey(
                agentId: try reader.string(AgentRun.BSONKey.agentId),
                version: try reader.string(AgentRun.BSONKey.version)),
            runId: try reader.int64(AgentRun.BSONKey.runId),
            status: status,
            createdMs: createdMs,
            runtimeMicros: seconds.map(Self.micros),
            costMicros: Self.micros(cost))
    }

    /// Rounds a bounded quantity in units to whole millionths. Callers pass values within
    /// `FieldBounds` (at most 2.6·10^6), so the product fits `Int64` with room to spare.
    static func micros(_ value: Double) -> Int64 {
        Int64((value * 1_000_000).rounded())
    }
}
