/// Reads `DashboardData` from storage: at worker start, and in servers that do not hold the lease.
public enum DashboardLoader {
    /// The whole state: agents, versions, every aggregate, recent minutes and the newest runs.
    public static func load(pool: MongoPool, nowMs: Int64) async throws -> DashboardData {
        let oldest = nowMs - DashboardTimeline.horizonMs
        return try await pool.withClient { client in
            let agents = try client.collection(Collections.agents).find()
                .map { value throws(StorageError) in try Agent(bson: value) }
            let versions = try client.collection(Collections.versions).find()
                .map { value throws(StorageError) in try AgentVersion(bson: value) }
            var aggregates: [VersionKey: VersionAggregate] = [:]
            for document in try client.collection(Collections.versionMetrics).find() {
                let aggregate = try VersionAggregate(bson: document)
                aggregates[aggregate.key] = aggregate
            }
            var minutes: [Int64: ActivityMinute] = [:]
            for document in try client.collection(Collections.activity).find(["_id": ["$gte": .int64(oldest)]]) {
                let minute = try ActivityMinute(bson: document)
                minutes[minute.startMs] = minute
            }
            let state = try savedState(client: client)
            let setAside = try client.collection(Collections.workerStatus).findOne(
                ["_id": .string(MetricsStore.setAsideID)]
            ).map { value throws(StorageError) in try MetricsStore.setAsideCount(value) }
            return DashboardData(
                agents: agents, versions: versions, aggregates: aggregates, minutes: minutes, recent: state.recent,
                generation: state.generation, setAsideRuns: setAside ?? 0)
        }
    }

    /// Only what the lease holder saves for other servers: the newest runs and the generation. The
    /// standalone worker has no dashboard, so this is all it needs to continue the saved state.
    public static func savedState(pool: MongoPool) async throws -> DashboardData {
        try await pool.withClient { client in
            let state = try savedState(client: client)
            return DashboardData(recent: state.recent, generation: state.generation)
        }
    }

    private static func savedState(client: MongoClient) throws -> (recent: [RunSample], generation: String) {
        let state = try client.collection(Collections.dashboard).findOne(["_id": "dashboard"])
        var recent: [RunSample] = []
        if let list = state?["recent"]?.arrayValue {
            recent = try list.map { value throws(StorageError) in try RunSample(recentState: value) }
        } else {
            // No worker has saved a list yet: the newest stored runs stand in.
            recent = try newestRuns(client: client)
        }
        return (recent, state?["generation"]?.stringValue ?? "")
    }

    /// The newest stored runs, which stand in for the recent list until a worker saves one.
    static func newestRuns(pool: MongoPool) async throws -> [RunSample] {
        try await pool.withClient { try newestRuns(client: $0) }
    }

    /// Runs that cannot be counted are left out, as the worker leaves them out of its list.
    private static func newestRuns(client: MongoClient) throws -> [RunSample] {
        try client.collection(Collections.runs).find(
            sort: [AgentRun.BSONKey.created: -1], projection: RunSample.projection, limit: RunSample.recentKeep
        ).compactMap { StoredRun(bson: $0).countable }
    }

    /// The generation the lease holder last saved, "" when none; one `_id` lookup.
    public static func generation(pool: MongoPool) async throws -> String {
        try await pool.withCollection(Collections.dashboard) { collection in
            try collection.findOne(["_id": "dashboard"])?["generation"]?.stringValue ?? ""
        }
    }

    /// Agents and versions only, which the API changes without the worker.
    static func catalogue(pool: MongoPool) async throws -> (agents: [Agent], versions: [AgentVersion]) {
        try await pool.withClient { client in
            let agents = try client.collection(Collections.agents).find()
                .map { value throws(StorageError) in try Agent(bson: value) }
            let versions = try client.collection(Collections.versions).find()
                .map { value throws(StorageError) in try AgentVersion(bson: value) }
            return (agents, versions)
        }
    }
}
