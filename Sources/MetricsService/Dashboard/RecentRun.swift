/// A run as `recent_activity` shows it.
public struct RecentRun: Sendable, Equatable {
    /// The run document's `_id`, to keep the list free of repeats.
    public var objectID: String
    public var runId: Int64
    public var agentId: String
    public var status: String
    public var createdMs: Int64
    /// Seconds; nil when the run gave no `time_taken`.
    public var duration: Double?
    public var cost: Double

    /// The most runs kept: the largest `?limit=`.
    public static let keep = 100

    public init(
        objectID: String, runId: Int64, agentId: String, status: String, createdMs: Int64,
        duration: Double?, cost: Double
    ) {
        self.objectID = objectID
        self.runId = runId
        self.agentId = agentId
        self.status = status
        self.createdMs = createdMs
        self.duration = duration
        self.cost = cost
    }

    public init(_ run: RunSample) {
        self.init(
            objectID: run.objectID, runId: run.runId, agentId: run.key.agentId, status: run.status,
            createdMs: run.createdMs, duration: run.runtimeMicros.map { Double($0) / 1_000_000 },
            cost: Double(run.costMicros) / 1_000_000)
    }

    /// The verb the UI shows for a status.
    public var action: String {
        switch status.lowercased() {
        case "timeout", "timed_out", "timedout": return "timed out"
        default:
            switch RunOutcome(status: status) {
            case .success: return "completed run"
            case .failure: return "failed run"
            case .inProgress: return "started run"
            }
        }
    }

    /// Newest `created` first; ties broken by `_id` so the order is stable.
    static func newerFirst(_ lhs: RecentRun, _ rhs: RecentRun) -> Bool {
        lhs.createdMs != rhs.createdMs ? lhs.createdMs > rhs.createdMs : lhs.objectID > rhs.objectID
    }

    /// `existing` plus `runs`, newest first, without repeats, at most `keep`.
    static func merging(_ existing: [RecentRun], with runs: [RecentRun]) -> [RecentRun] {
        var seen = Set(existing.map(\.objectID))
        var merged = existing
        for run in runs where seen.insert(run.objectID).inserted {
            merged.append(run)
        }
        merged.sort(by: newerFirst)
        return Array(merged.prefix(keep))
    }

    func toBSON() -> BSONValue {
        .document([
            ("_id", .objectID(objectID)),
            ("run_id", .int64(runId)),
            ("agent_id", .string(agentId)),
            ("status", .string(status)),
            ("created", .date(createdMs)),
            ("duration", duration.map(BSONValue.double) ?? .null),
            ("cost", .double(cost)),
        ])
    }

    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "dashboard_state.recent")
        self.init(
            objectID: try reader.objectID("_id"), runId: try reader.int64("run_id"),
            agentId: try reader.string("agent_id"), status: try reader.string("status"),
            createdMs: try reader.date("created"), duration: try reader.optionalDouble("duration"),
            cost: try reader.optionalDouble("cost") ?? 0)
    }
}
