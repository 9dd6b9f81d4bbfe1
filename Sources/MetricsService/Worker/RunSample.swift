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
        "_id": 1, "agent_id": 1, "version": 1, "run_id": 1, "status": 1, "created": 1,
        "time_taken_seconds": 1, "cost": 1,
        ]
    }

    /// Reads a stored run.
    public init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "agent_runs")
        let seconds = try reader.optionalDouble(AgentRun.BSONKey.timeTakenSeconds)
        self.init(
            objectID: try reader.objectID("_id"),
            key: VersionKey(
                agentId: try reader.string(AgentRun.BSONKey.agentId),
                version: try reader.string(AgentRun.BSONKey.version)),
            runId: try reader.int64(AgentRun.BSONKey.runId),
            status: try reader.string(AgentRun.BSONKey.status),
            createdMs: try reader.date(AgentRun.BSONKey.created),
            runtimeMicros: seconds.map(Self.micros),
            costMicros: Self.micros(try reader.optionalDouble(AgentRun.BSONKey.cost) ?? 0))
    }

    /// Rounds a quantity in units to whole millionths; out-of-range values clamp.
    static func micros(_ value: Double) -> Int64 {
        let scaled = (value * 1_000_000).rounded()
        guard scaled.isFinite else { return 0 }
        return Int64(max(min(scaled, 9e18), -9e18))
    }
}
