import HTTPCore

/// `GET /readyz`: 200 when the database answers a ping and, where this process runs a worker, its last
/// pass succeeded recently; otherwise 503 with the failing checks, e.g.
/// `{"status":"unavailable","checks":{"database":"unreachable","worker":"ok"}}`.
///
/// The database answer is cached for `cacheMs`, and concurrent probes share one ping, so scrapes and
/// load-balancer probes cannot hammer the database: at most one ping per `cacheMs` whatever the probe
/// rate.
public final class ReadinessCheck: Sendable {
    private struct State {
        var checkedMs: Int64?
        var databaseUp = false
        var inFlight: Task<Bool, Never>?
    }

    private let ping: @Sendable () async -> Bool
    private let worker: @Sendable () -> Bool?
    private let clock: @Sendable () -> Int64
    private let cacheMs: Int64
    private let state = LockedValue(State())

    /// - Parameters:
    ///   - ping: true when the database answers.
    ///   - worker: whether the in-process worker is fresh; nil when this process runs none.
    ///   - clock: milliseconds, for the cache.
    public init(
        cacheMs: Int64 = 1000, clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds,
        ping: @escaping @Sendable () async -> Bool, worker: @escaping @Sendable () -> Bool? = { nil }
    ) {
        self.cacheMs = cacheMs
        self.clock = clock
        self.ping = ping
        self.worker = worker
    }

    /// A check of `pool`, and of `monitor`'s worker when given: stale after `staleAfterMs` without a
    /// successful pass.
    public convenience init(pool: MongoPool, monitor: WorkerMonitor?, staleAfterMs: Int64, cacheMs: Int64 = 1000) {
        self.init(
            cacheMs: cacheMs,
            ping: {
                do {
                    try await pool.ping()
                    return true
                } catch {
                    return false
                }
            },
            worker: { monitor.map { $0.millisecondsSinceLastSuccess() <= staleAfterMs } })
    }

    /// Whether the database answered, from the cache when it is fresh.
    func databaseIsUp() async -> Bool {
        let now = clock()
        let (cached, task) = state.withLock { state -> (Bool?, Task<Bool, Never>?) in
            if let checked = state.checkedMs, now - checked < cacheMs { return (state.databaseUp, nil) }
            if let running = state.inFlight { return (nil, running) }
            let task = Task { await ping() }
            state.inFlight = task
            return (nil, task)
        }
        if let cached { return cached }
        let up = await task!.value
        state.withLock { state in
            state.inFlight = nil
            state.checkedMs = clock()
            state.databaseUp = up
        }
        return up
    }

    /// The `/readyz` answer.
    public func response() async -> HTTPResponse {
        let database = await databaseIsUp()
        let workerFresh = worker()
        let worker = workerFresh ?? true
        var writer = JSONWriter(capacity: 96)
        writer.beginObject()
        writer.key("status")
        writer.string(database && worker ? "ok" : "unavailable")
        writer.key("checks")
        writer.beginObject()
        writer.key("database")
        writer.string(database ? "ok" : "unreachable")
        writer.key("worker")
        writer.string(workerFresh.map { $0 ? "ok" : "stale" } ?? "not_running")
        writer.endObject()
        writer.endObject()
        return JSONResponse.make(database && worker ? .ok : .serviceUnavailable, writer.bytes)
    }
}
