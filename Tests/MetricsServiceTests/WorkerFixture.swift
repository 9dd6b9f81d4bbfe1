import Foundation
import HTTPCore
import TimeFormats

@testable import MetricsService

/// A test database plus helpers to seed agents, versions and runs and to read the aggregates.
struct WorkerFixture {
    let database: TestDatabase
    let pool: MongoPool
    let loop: EventLoop
    /// The injected wall clock, in milliseconds; tests move it.
    let now: LockedValue<Int64>

    /// 2024-03-15T12:30:20Z.
    static let start = RFC3339.parseMilliseconds("2024-03-15T12:30:20Z")!

    static func with(_ body: (WorkerFixture) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            let pool = try MongoPool(
                configuration: MongoConfiguration(
                    uri: database.uri, databaseName: database.databaseName, threadCount: 2))
            defer { pool.shutdown() }
            let group = try EventLoopGroup(count: 1)
            defer { group.shutdown() }
            try await body(WorkerFixture(database: database, pool: pool, loop: group.loops[0], now: LockedValue(start)))
        }
    }

    var clock: @Sendable () -> Int64 { { [now] in now.withLock { $0 } } }

    func advance(by milliseconds: Int64) { now.withLock { $0 += milliseconds } }

    func worker(
        owner: String = "worker-a", batchSize: Int = 10_000, dashboard: Dashboard? = nil, retention: Duration? = nil,
        interval: Duration = .seconds(10)
    ) -> MetricsWorker {
        MetricsWorker(
            loop: loop, pool: pool, dashboard: dashboard,
            configuration: MetricsWorkerConfiguration(
                interval: interval, batchSize: batchSize, owner: owner, retention: retention),
            clock: clock)
    }

    /// The journal in the lease document, if any.
    func leaseJournal() async throws -> BSONValue? {
        try await pool.withCollection("worker_lease") { try $0.findOne(["_id": "metrics"])?["journal"] }
    }

    static func objectID() -> String {
        (0..<24).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
    }

    @discardableResult
    func addAgent(_ name: String, project: String) async throws -> Agent {
        let agent = Agent(
            id: Self.objectID(), name: name, project: project, createdMs: Self.start, updatedMs: Self.start)
        try await pool.withCollection("agents") { try $0.insertOne(try BSONDocument(agent.toBSON())) }
        return agent
    }

    @discardableResult
    func addVersion(_ agent: Agent, _ version: String, createdMs: Int64 = start) async throws -> AgentVersion {
        let record = AgentVersion(
            id: Self.objectID(), agentId: agent.id, version: version, cluster: "c1", deployment: "d1",
            tools: ["t"], models: ["m"], createdMs: createdMs)
        try await pool.withCollection("agent_versions") { try $0.insertOne(try BSONDocument(record.toBSON())) }
        return record
    }

    static func run(
        _ version: AgentVersion, id: Int64, status: String = "completed", at created: Int64,
        seconds: Double? = 1, cost: Double = 0.01
    ) -> AgentRun {
        AgentRun(
            agentId: version.agentId, version: version.version, id: id, taskId: nil, status: status, createdMs: created,
            timeTakenText: seconds.map { "\($0)s" }, timeTakenSeconds: seconds, initiator: "test", tools: [],
            models: [], cost: cost)
    }

    /// Inserts runs as the API does: each with `counted: false`.
    func addRuns(_ runs: [AgentRun]) async throws {
        try await pool.withCollection("agent_runs") { collection in
            let documents = try runs.map { run -> BSONDocument in
                let document = try BSONDocument(run.toBSON())
                try document.append("counted", .bool(false))
                return document
            }
            _ = try collection.insertMany(documents)
        }
    }

    /// A collection's documents by `_id`, without the pass and lease stamps (which differ between runs
    /// of the same maths).
    func aggregates(_ collection: String = "agent_version_metrics") async throws -> [BSONValue] {
        try await pool.withCollection(collection) { collection in
            try collection.find(sort: ["_id": 1]).map { document in
                .document((document.documentValue ?? []).filter { $0.0 != "applied_pass" && $0.0 != "lease_epoch" })
            }
        }
    }

    /// Every collection the worker keeps exactly once (versions, minutes, hourly and daily buckets), as
    /// `aggregates` reads them: what a rebuild must reproduce.
    func allAggregates() async throws -> [[BSONValue]] {
        var all: [[BSONValue]] = []
        let names = [
            Collections.versionMetrics, Collections.activity, Collections.hourlyBuckets, Collections.dailyBuckets,
        ]
        for name in names {
            all.append(try await aggregates(name))
        }
        return all
    }

    func count(_ collection: String, _ filter: BSONValue = .document([])) async throws -> Int {
        try await pool.withCollection(collection) { try $0.countDocuments(try BSONDocument(filter)) }
    }

    /// The sum of `total_runs` over every version.
    func countedTotal() async throws -> Int64 {
        try await aggregates().reduce(0) { $0 + ($1["total_runs"]?.int64Value ?? 0) }
    }
}

/// Parses a response body as a JSON array of objects.
func jsonArray(_ response: HTTPResponse) throws -> [[String: Any]] {
    try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
}
