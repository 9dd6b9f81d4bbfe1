import CMongoC
import CoreMetrics
import HTTPCore
import Logging

/// The process's MongoDB connection pool: a `mongoc_client_pool_t` plus the dedicated threads
/// that run every blocking libmongoc call.
public final class MongoPool: @unchecked Sendable {
    // Safety: `clientPool` and `uri` are set once in `init` and destroyed only in `deinit`.
    // libmongoc documents `mongoc_client_pool_pop`/`push` as thread-safe, and those are the
    // only calls made on `clientPool` between init and deinit; each popped client is used by
    // a single pool thread until pushed back. All other stored properties are Sendable lets.
    private let clientPool: OpaquePointer
    private let uri: OpaquePointer
    private let threads: BlockingThreadPool
    private let breaker: LockedValue<CircuitBreaker>
    private let clock: @Sendable () -> Int64
    private let logger: Logger

    /// The settings this pool was built from.
    public let configuration: MongoConfiguration

    /// Parses the URI and prepares the pool. Connecting happens lazily on first use, so a
    /// database that is down surfaces as `StorageError.unavailable` from `withClient`.
    /// - Parameter clock: monotonic milliseconds, for the circuit breaker's probe interval.
    public init(
        configuration: MongoConfiguration,
        logger: Logger = Logger(label: "agent-metrics.storage"),
        clock: @escaping @Sendable () -> Int64 = { Int64(Monotonic.now() / 1_000_000) }
    ) throws {
        MongoCInitialization.ensure()
        let error = BSONErrorBuffer()
        guard let uri = mongoc_uri_new_with_error(configuration.effectiveURI, error.pointer) else {
            throw StorageError.invalidData("invalid MongoDB URI: \(BSONErrorBuffer.message(of: error.pointer))")
        }
        guard let clientPool = mongoc_client_pool_new(uri) else {
            mongoc_uri_destroy(uri)
            throw StorageError.invalidData("could not create a client pool for the MongoDB URI")
        }
        let threadCount = max(1, configuration.threadCount)
        mongoc_client_pool_set_error_api(clientPool, Int32(MONGOC_ERROR_API_VERSION_2))
        // No more clients than threads, so a pop never waits for another thread's client.
        mongoc_client_pool_max_size(clientPool, UInt32(threadCount))
        mongoc_client_pool_set_appname(clientPool, "agent-metrics")
        self.uri = uri
        self.clientPool = clientPool
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.breaker = LockedValue(CircuitBreaker())
        self.threads = BlockingThreadPool(
            threadCount: threadCount, queueLimit: configuration.queueLimit, maximumWait: configuration.waitTimeout,
            waitTimer: CoreMetrics.Timer(label: "agent_metrics_mongo_wait_seconds", preferredDisplayUnit: .seconds))
    }

    deinit {
        threads.shutdown()
        mongoc_client_pool_destroy(clientPool)
        mongoc_uri_destroy(uri)
    }

    /// Runs `body` on a pool thread with a client checked out for its duration.
    ///
    /// Build `BSONDocument`s inside `body` and return only Sendable values (`BSONValue`,
    /// counts); `bson_t` memory must not leave the thread.
    ///
    /// While the database is known to be unreachable (see `CircuitBreaker`) this throws
    /// `StorageError.unavailable` at once, except for one probe a second; operations queued
    /// before it was found down are dropped the same way when their turn comes.
    public func withClient<T: Sendable>(_ body: @Sendable @escaping (MongoClient) throws -> T) async throws -> T {
        let decision = breaker.withLock { $0.admit(nowMs: clock()) }
        guard decision != .reject else {
            throw StorageError.unavailable("the database is unreachable; retrying once a second")
        }
        let isProbe = decision == .probe
        // Every admitted call records how it ended, or a probe would leave the breaker probing.
        var outcome = CircuitBreaker.Outcome.answered
        defer { breaker.withLock { $0.record(outcome, wasProbe: isProbe, nowMs: clock()) } }
        do {
            return try await threads.run { [self] in
                if !isProbe, breaker.withLock({ $0.refusesQueuedCall() }) { throw RefusedByBreaker() }
                guard let client = mongoc_client_pool_pop(clientPool) else {
                    throw StorageError.unavailable("no MongoDB client available")
                }
                defer { mongoc_client_pool_push(clientPool, client) }
                return try body(MongoClient(raw: client, databaseName: configuration.databaseName))
            }
        } catch is RefusedByBreaker {
            outcome = .notRun
            throw StorageError.unavailable("the database is unreachable; retrying once a second")
        } catch let error as StorageError {
            switch error {
            case .unavailable: outcome = .unavailable
            case .overloaded: outcome = .notRun
            default: break
            }
            logger.debug("storage operation failed", metadata: ["storage.error": "\(error)"])
            throw error
        }
    }

    /// Whether calls are refused now without reaching the database: the breaker found it unreachable and is
    /// open, or one probe is finding out. For `/metrics`, and for tests of the wiring.
    public var isRefusingCalls: Bool { breaker.withLock { $0.refusesQueuedCall() } }

    /// A queued call dropped because the breaker opened while it waited.
    private struct RefusedByBreaker: Error {}

    /// A collection-scoped shorthand for `withClient`.
    public func withCollection<T: Sendable>(
        _ name: String, _ body: @Sendable @escaping (MongoCollection) throws -> T
    ) async throws -> T {
        try await withClient { try body($0.collection(name)) }
    }

    /// Pings the server; throws `StorageError.unavailable` within about
    /// `configuration.operationTimeout` when it cannot be reached.
    public func ping() async throws {
        try await withClient { try $0.ping() }
    }

    /// Database operations running on a thread and waiting for one, now.
    public var usage: (running: Int, waiting: Int) { threads.usage }

    /// Stops the threads after queued work finishes. Later calls throw `unavailable`.
    public func shutdown() {
        threads.shutdown()
    }
}
