// The API key check alone, in a tight loop on one thread: what `APIAuthenticator` adds to a request, free of the
// scheduling noise that a shared machine puts into wrk runs. Used by scripts/bench-auth.sh.
//
// Usage: AuthCheckBench [keys-in-file (default 10)] [iterations (default 1000000)]
import HTTPCore
import Logging
import MetricsService

let arguments = CommandLine.arguments
let keyCount = arguments.count > 1 ? Int(arguments[1]) ?? 10 : 10
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000

let keys = (0..<keyCount).map { "am_" + String(repeating: "k", count: 40) + String(1000 + $0) }
let store = APIKeyStore(
    APIKeySet(
        keys.enumerated().map { index, key in
            APIKeyRecord(scope: .read, hash: APIKeyHash(key: key), name: "key-\(index)")
        }))
var logger = Logger(label: "bench")
logger.logLevel = .info
let authenticator = APIAuthenticator(store: store, logger: logger)

/// The headers wrk and curl send, with the last key of the file (every key is compared anyway).
let request = HTTPRequest(
    method: "GET", path: "/api/v1/ui/stats",
    headers: HTTPHeaders([
        ("Host", "127.0.0.1:8080"), ("User-Agent", "curl/8.5.0"), ("Accept", "*/*"),
        ("Authorization", "Bearer \(keys[keyCount - 1])"),
    ]))
precondition(authenticator.refusal(for: request, requiring: .read) == nil, "the key must be accepted")

var best = Duration.seconds(1_000)
for _ in 0..<5 {
    var refused = 0
    let started = ContinuousClock.now
    for _ in 0..<iterations where authenticator.refusal(for: request, requiring: .read) != nil { refused += 1 }
    let elapsed = ContinuousClock.now - started
    precondition(refused == 0)
    best = min(best, elapsed)
}
let attoseconds = Double(best.components.seconds) * 1e18 + Double(best.components.attoseconds)
print(Int((attoseconds / 1e9 / Double(iterations)).rounded()))
