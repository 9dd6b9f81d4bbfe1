// The API key check alone, in a tight loop on one thread: what `APIAuthenticator` adds to a request, free of the
// scheduling noise that a shared machine puts into wrk runs. Used by scripts/bench-auth.sh.
//
// Usage: AuthCheckBench [keys-in-file (default 10)] [iterations (default 1000000)] [threads (default 1)]
// With several threads, each checks with its own authenticator (as each event loop has its own router) against
// one shared store, so shared state that one thread alone cannot show (reference counts, cache lines) shows.
import HTTPCore
import Logging
import MetricsService

let arguments = CommandLine.arguments
let keyCount = arguments.count > 1 ? Int(arguments[1]) ?? 10 : 10
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let threads = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1

let keys = (0..<keyCount).map { "am_" + String(repeating: "k", count: 40) + String(1000 + $0) }
let store = APIKeyStore(
    APIKeySet(
        keys.enumerated().map { index, key in
            APIKeyRecord(scope: .read, hash: APIKeyHash(key: key), name: "key-\(index)")
        }))
let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .info
    return logger
}()

/// The headers wrk and curl send, with the last key of the file (every key is compared anyway). Built per thread,
/// as the server parses each request on its loop: a shared one would measure contention on its own storage.
@Sendable func makeRequest() -> HTTPRequest {
    HTTPRequest(
        method: "GET", path: "/api/v1/ui/stats",
        headers: HTTPHeaders([
            ("Host", "127.0.0.1:8080"), ("User-Agent", "curl/8.5.0"), ("Accept", "*/*"),
            ("Authorization", "Bearer " + keys[keyCount - 1]),
        ]))
}

/// Best of 5 runs of `iterations` checks through one route guard, in nanoseconds per check.
@Sendable func measure() -> Double {
    // One guard per thread, built like MetricsApplication builds one per loop.
    let routeGuard = APIAuthenticator(store: store, logger: logger).routeGuard(for: .requires(.read))!
    let request = makeRequest()
    precondition(routeGuard(request) == nil, "the key must be accepted")
    var best = Duration.seconds(1_000)
    for _ in 0..<5 {
        var refused = 0
        let started = ContinuousClock.now
        for _ in 0..<iterations where routeGuard(request) != nil { refused += 1 }
        let elapsed = ContinuousClock.now - started
        precondition(refused == 0)
        best = min(best, elapsed)
    }
    let attoseconds = Double(best.components.seconds) * 1e18 + Double(best.components.attoseconds)
    return attoseconds / 1e9 / Double(iterations)
}

let results = LockedValue<[Double]>([])
let workers = (0..<threads).map { index in
    PThread.spawn(name: "check-\(index)") {
        let nanoseconds = measure()
        results.withLock { $0.append(nanoseconds) }
    }
}
for worker in workers { worker.join() }
// The slowest thread's figure: what a loop pays while the others check too.
print(Int(results.withLock { $0.max()! }.rounded()))
