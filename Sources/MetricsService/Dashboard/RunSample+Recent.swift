/// A run as `recent_activity` shows it, and as the worker saves the list in `dashboard_state.recent`.
extension RunSample {
    /// The most runs kept: the largest `?limit=`.
    public static let recentKeep = 100

    /// `time_taken` in seconds; nil when the run gave none.
    public var durationSeconds: Double? { runtimeMicros.map { Double($0) / 1_000_000 } }

    /// The cost in dollars.
    public var costDollars: Double { Double(costMicros) / 1_000_000 }

    /// The verb the UI shows for a status.
    public var action: String {
        switch status.lowercased() {
        case "timeout", "timed_out", "timedout": return "timed out"
        default:
            switch outcome {
            case .success: return "completed run"
            case .failure: return "failed run"
            case .inProgress: return "started run"
            }
        }
    }

    /// Newest `created` first; ties broken by `_id` so the order is stable.
    static func newerFirst(_ lhs: RunSample, _ rhs: RunSample) -> Bool {
        lhs.createdMs != rhs.createdMs ? lhs.createdMs > rhs.createdMs : lhs.objectID > rhs.objectID
    }

    /// `existing` plus `runs`, newest first, without repeats, at most `recentKeep`.
    static func mergingRecent(_ existing: [RunSample], with runs: [RunSample]) -> [RunSample] {
        var seen = Set(existing.map(\.objectID))
        var merged = existing
        for run in runs where seen.insert(run.objectID).inserted {
            merged.append(run)
        }
        merged.sort(by: newerFirst)
        return Array(merged.prefix(recentKeep))
    }

    /// The entry of `dashboard_state.recent`: what the list shows, with no version.
    func recentStateBSON() -> BSONValue {
        .document([
            ("_id", .objectID(objectID)),
            (AgentRun.BSONKey.runId, .int64(runId)),
            (AgentRun.BSONKey.agentId, .string(key.agentId)),
            (AgentRun.BSONKey.status, .string(status)),
            (AgentRun.BSONKey.created, .date(createdMs)),
            (Self.durationKey, durationSeconds.map(BSONValue.double) ?? .null),
            (AgentRun.BSONKey.cost, .double(costDollars)),
        ])
    }

    /// Reads an entry of `dashboard_state.recent`. The list keeps no version, so `key.version` is empty. A
    /// duration or cost outside `FieldBounds` (a document edited by hand) is refused, never converted.
    init(recentState bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "dashboard_state.recent")
        let duration = try reader.optionalDouble(Self.durationKey)
        if let duration, !(0...FieldBounds.maximumTimeTakenSeconds).contains(duration) {
            throw .invalidData("dashboard_state.recent.duration: \(duration) is outside 0 to 30 days")
        }
        let cost = try reader.optionalDouble(AgentRun.BSONKey.cost) ?? 0
        guard (0...FieldBounds.maximumCost).contains(cost) else {
            throw .invalidData("dashboard_state.recent.cost: \(cost) is outside 0 to \(Int(FieldBounds.maximumCost))")
        }
        self.init(
            objectID: try reader.objectID("_id"),
            key: VersionKey(agentId: try reader.string(AgentRun.BSONKey.agentId), version: ""),
            runId: try reader.int64(AgentRun.BSONKey.runId), status: try reader.string(AgentRun.BSONKey.status),
            createdMs: try reader.date(AgentRun.BSONKey.created), runtimeMicros: duration.map(Self.micros),
            costMicros: Self.micros(cost))
    }

    /// The recent list's seconds, named apart from the run's `time_taken_seconds`.
    private static let durationKey = "duration"
}
