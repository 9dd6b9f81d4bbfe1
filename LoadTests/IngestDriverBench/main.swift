// The load side of scripts/bench-ingest.sh (issue 3), kept out of the server binary.
//
//   IngestDriverBench driver --uri U --db D --runs N [--batch 1000] [--concurrency C]
//       inserts N runs straight through libmongoc bulk inserts (the baseline)
//   IngestDriverBench http --port P --path /api/v1/agents/A/versions/V/runs --runs N [--batch 1000]
//       [--concurrency C] [--first-id K] [--single 1]   posts the same runs as {"runs":[...]} (or, with
//       --single 1 and --batch 1, as bare run objects) over keep-alive connections
//   IngestDriverBench reads --port P --path PATH [--seconds S] [--concurrency C]
//       GETs PATH in a loop and reports req/s and latency percentiles
//
// Each prints one line of `key=value` pairs for the script to parse.
import Foundation
import MetricsService

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : ""
let options: [String: String] = {
    var parsed: [String: String] = [:]
    var index = 2
    while index + 1 < arguments.count {
        parsed[String(arguments[index].dropFirst(2))] = arguments[index + 1]
        index += 2
    }
    return parsed
}()
func option(_ name: String, _ fallback: String) -> String { options[name] ?? fallback }
func intOption(_ name: String, _ fallback: Int) -> Int { Int(option(name, String(fallback)))! }

let runs = intOption("runs", 10_000)
let batchSize = intOption("batch", 1000)
let concurrency = intOption("concurrency", 2)
let firstId = intOption("first-id", 0)
let baseMs: Int64 = 1_690_891_200_000

/// The run every benchmark side stores, so both sides write identical documents.
func run(_ id: Int) -> AgentRun {
    AgentRun(
        id: Int64(id), taskId: Int64(id % 97), status: id % 5 == 0 ? "failed" : "completed",
        createdMs: baseMs + Int64(id) * 1000, timeTakenText: "5m30s", timeTakenSeconds: 330, initiator: "user123",
        tools: ["tool1", "tool2"], models: ["model1"], cost: 0.1)
}

func batches() -> [Range<Int>] {
    stride(from: firstId, to: firstId + runs, by: batchSize).map { $0..<min($0 + batchSize, firstId + runs) }
}

func report(_ fields: [(String, String)]) {
    print(fields.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
}

switch mode {
case "driver":
    let pool = try MongoPool(
        configuration: MongoConfiguration(
            uri: option("uri", "mongodb://127.0.0.1:27017"), databaseName: option("db", "bench_driver"),
            threadCount: concurrency, socketTimeout: .seconds(120)))
    let version = "1.0.0"
    try await pool.withClient { client in
        for (collection, indexes) in IndexSetup.specifications {
            try client.collection(collection).createIndexes(indexes)
        }
    }
    let agentId = ObjectID.generate()
    let start = ContinuousClock.now
    let inserted = try await withThrowingTaskGroup(of: Int.self) { group in
        var pending = batches()[...]
        var total = 0
        func submit(_ range: Range<Int>) {
            group.addTask {
                try await pool.withCollection(Collections.runs) { collection in
                    // The same document as the server's RunStore.insert builds.
                    var documents: [BSONDocument] = []
                    documents.reserveCapacity(range.count)
                    for id in range {
                        let document = BSONDocument()
                        try document.append("_id", .objectID(ObjectID.generate()))
                        guard case .document(let fields) = run(id).with(agentId: agentId, version: version).toBSON()
                        else { continue }
                        for (key, value) in fields { try document.append(key, value) }
                        try document.append(RunStore.countedKey, .bool(false))
                        documents.append(document)
                    }
                    return try collection.insertMany(documents, ordered: false).inserted
                }
            }
        }
        for _ in 0..<concurrency { if let next = pending.popFirst() { submit(next) } }
        while let done = try await group.next() {
            total += done
            if let next = pending.popFirst() { submit(next) }
        }
        return total
    }
    let seconds = (ContinuousClock.now - start).seconds
    pool.shutdown()
    report([
        ("mode", "driver"), ("runs", "\(inserted)"), ("seconds", String(format: "%.3f", seconds)),
        ("runs_per_s", String(format: "%.0f", Double(inserted) / seconds)),
    ])

case "http":
    let port = intOption("port", 8080)
    let path = option("path", "/api/v1/agents/bench/versions/1.0.0/runs")
    // `--single 1`: the spec's first form, one run object per request (with `--batch 1`).
    let single = option("single", "0") == "1"
    let bodies: [[UInt8]] = batches().map { range in
        var writer = JSONWriter(capacity: range.count * 220)
        if !single {
            writer.beginObject()
            writer.key("runs")
            writer.beginArray()
        }
        for id in range {
            let input = run(id)
            writer.beginObject()
            writer.key("created"); writer.date(milliseconds: input.createdMs)
            writer.key("status"); writer.string(input.status)
            writer.key("time_taken"); writer.string(input.timeTakenText ?? "0s")
            writer.key("initiator"); writer.string(input.initiator)
            writer.key("tools"); writer.stringArray(input.tools)
            writer.key("cost"); writer.double(input.cost)
            writer.key("models"); writer.stringArray(input.models)
            writer.key("id"); writer.int(input.id)
            writer.key("task_id"); writer.int(input.taskId ?? 0)
            writer.endObject()
        }
        if !single {
            writer.endArray()
            writer.endObject()
        }
        return Array(
            ("POST \(path) HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(writer.bytes.count)\r\n\r\n").utf8) + writer.bytes
    }
    let next = Counter()
    let inserted = Counter()
    let start = ContinuousClock.now
    let threads = (0..<concurrency).map { _ in
        { @Sendable in
            let connection = try! BenchConnection(port: port)
            while true {
                let index = next.add(1) - 1
                guard index < bodies.count else { break }
                let response = try! connection.roundTrip(bodies[index])
                guard response.status == 201 else {
                    // Release builds drop precondition messages: say what the server answered.
                    FileHandle.standardError.write(
                        Data("status \(response.status): \(String(decoding: response.body, as: UTF8.self))\n".utf8))
                    exit(1)
                }
                let object = try! JSONSerialization.jsonObject(with: Data(response.body)) as! [String: Any]
                _ = inserted.add(single ? 1 : object["inserted"] as! Int)
            }
        }
    }
    runAndJoin(threads)
    let seconds = (ContinuousClock.now - start).seconds
    report([
        ("mode", "http"), ("runs", "\(inserted.value)"), ("seconds", String(format: "%.3f", seconds)),
        ("runs_per_s", String(format: "%.0f", Double(inserted.value) / seconds)),
    ])

case "reads":
    let port = intOption("port", 8080)
    let path = option("path", "/api/v1/agents/bench/runs?limit=100")
    let duration = Double(option("seconds", "20"))!
    let request = Array("GET \(path) HTTP/1.1\r\nHost: bench\r\n\r\n".utf8)
    let latencies = LatencyLog()
    let start = ContinuousClock.now
    let threads = (0..<concurrency).map { _ in
        { @Sendable in
            let connection = try! BenchConnection(port: port)
            var local: [Double] = []
            while (ContinuousClock.now - start).seconds < duration {
                let began = ContinuousClock.now
                let response = try! connection.roundTrip(request)
                precondition(response.status == 200, "status \(response.status)")
                local.append((ContinuousClock.now - began).seconds)
            }
            latencies.append(local)
        }
    }
    runAndJoin(threads)
    let seconds = (ContinuousClock.now - start).seconds
    let sorted = latencies.values.sorted()
    func percentile(_ p: Double) -> String {
        guard !sorted.isEmpty else { return "nan" }
        return String(format: "%.1f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000)
    }
    report([
        ("mode", "reads"), ("requests", "\(sorted.count)"), ("seconds", String(format: "%.3f", seconds)),
        ("req_per_s", String(format: "%.1f", Double(sorted.count) / seconds)), ("p50_ms", percentile(0.50)),
        ("p99_ms", percentile(0.99)),
    ])

default:
    FileHandle.standardError.write(Data("usage: IngestDriverBench driver|http|reads --option value ...\n".utf8))
    exit(2)
}
