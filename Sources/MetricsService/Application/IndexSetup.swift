import HTTPCore
import Logging

/// Creates the service's collections' indexes, and keeps retrying in the background until that
/// succeeds, so the server can start (and answer `/healthz`) while MongoDB is still down.
///
/// Write paths whose correctness depends on a unique index (one agent per name, one run per
/// `(agent, version, run id)`) call `ensureCreated()` first, which is a lock read once the
/// indexes exist.
public final class IndexSetup: Sendable {
    /// Every index, by collection. `createIndexes` with an identical spec is a no-op, so this is
    /// safe at every start.
    public static let specifications: [(collection: String, indexes: [MongoIndex])] =
        [
            (Collections.agents, [MongoIndex(keys: [.init(Agent.BSONKey.name)], unique: true)]),
            (
                Collections.versions,
                [
                    MongoIndex(
                        keys: [.init(AgentVersion.BSONKey.agentId), .init(AgentVersion.BSONKey.version)], unique: true)
                ]
            ),
            (
                Collections.runs,
                [
                    MongoIndex(
                        keys: [
                            .init(AgentRun.BSONKey.agentId), .init(AgentRun.BSONKey.version),
                            .init(AgentRun.BSONKey.runId),
                        ],
                        unique: true),
                    // The listings. They sort on (created, _id), but `_id` is left out of these keys:
                    // nx-27017 cannot index `_id` inside a compound key, and on MongoDB only runs
                    // sharing one `created` need sorting in memory.
                    MongoIndex(keys: [.init(AgentRun.BSONKey.agentId), .init(AgentRun.BSONKey.created, -1)]),
                    MongoIndex(keys: [.init(AgentRun.BSONKey.created, -1)]),
                    // The metrics worker finds runs it has not yet aggregated by this marker.
                    MongoIndex(keys: [.init(RunStore.countedKey)]),
                ]
            ),
            (PendingSpanStore.collection, PendingSpanStore.indexes),
        ]
        + BucketWidth.allCases.map { width in
            (
                width.collection,
                [
                    // `ui/timeseries` and the windowed sums: one agent's buckets in a range of starts (a version's too,
                    // filtered within the agent's range). Retention: buckets before the horizon.
                    MongoIndex(keys: [.init(VersionBucket.BSONKey.agentId), .init(VersionBucket.BSONKey.start)]),
                    MongoIndex(keys: [.init(VersionBucket.BSONKey.start)]),
                ]
            )
        } + [
            // The alert deliverer's pending events, however many delivered ones accumulate.
            (Collections.alertOutbox, [MongoIndex(keys: [.init(AlertStore.status)])])
        ]

    private struct State {
        var created = false
        var stopped = false
    }

    private let pool: MongoPool
    private let logger: Logger
    private let state = LockedValue(State())
    /// Longest wait between attempts while the database is down.
    private let maximumDelay: Duration

    public init(pool: MongoPool, logger: Logger, maximumDelay: Duration = .seconds(5)) {
        self.pool = pool
        self.logger = logger
        self.maximumDelay = maximumDelay
    }

    /// Whether every index exists.
    public var isCreated: Bool { state.withLock { $0.created } }

    /// Creates the indexes unless that already succeeded. Throws `StorageError.unavailable`
    /// while the database is down.
    public func ensureCreated() async throws {
        if isCreated { return }
        try await pool.withClient { client in
            for (collection, indexes) in Self.specifications {
                try client.collection(collection).createIndexes(indexes)
            }
        }
        let first = state.withLock { state in
            defer { state.created = true }
            return !state.created
        }
        if first { logger.info("MongoDB indexes are in place") }
    }

    /// Tries now, then on `loop`'s timers with backoff until the indexes exist or `stop()`.
    /// The waiting is a loop timer, so no thread is held while the database is down.
    public func startRetrying(on loop: EventLoop) {
        attempt(on: loop, delay: .milliseconds(250))
    }

    /// Cancels pending retries (at shutdown, before the pool goes away).
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    private func attempt(on loop: EventLoop, delay: Duration) {
        Task(executorPreference: loop) { [self] in
            do {
                try await ensureCreated()
            } catch {
                let stopped = state.withLock { $0.stopped }
                guard !stopped else { return }
                logger.warning(
                    "could not create MongoDB indexes; retrying",
                    metadata: ["storage.error": "\(error)", "retry.delay": "\(delay)"])
                let next = min(delay * 2, maximumDelay)
                loop.execute { [self] in
                    loop.schedule(after: delay) { [self] in
                        guard !state.withLock({ $0.stopped }) else { return }
                        attempt(on: loop, delay: next)
                    }
                }
            }
        }
    }
}
