// The two ingest mappings alone, in process (scripts/bench-ingest-mapping.sh), each timed per run with no HTTP, no
// database and no other thread:
// - OTLP (issue 14): one export body read (`OTLPWireReader`), its runs assembled (`RunAssembly`) and their documents
//   written (`OTLPExportWrite.build`);
// - JSON (issue 11): one `{"runs": [...]}` body turned into its documents (`RunDocumentEncoder`, the fast path).
// A release build of MetricsService with testing enabled, so its internal types are reachable; not part of the
// package's targets.
//
// Usage: IngestMappingBench OTLP_BODY JSON_BODY [iterations (default 2000)]
import Foundation

@testable import MetricsService

let arguments = CommandLine.arguments
guard arguments.count > 2, let otlpData = FileManager.default.contents(atPath: arguments[1]),
    let jsonData = FileManager.default.contents(atPath: arguments[2])
else {
    fatalError("usage: IngestMappingBench OTLP_BODY JSON_BODY [iterations]")
}
let otlpBody = [UInt8](otlpData)
let jsonBody = [UInt8](jsonData)
let iterations = arguments.count > 3 ? Int(arguments[3]) ?? 2000 : 2000
let reader = OTLPWireReader(prices: PriceTable())
let target = IngestTargets.Target(agentId: "0123456789abcdef01234567", version: "1.0.0")
let clock = ContinuousClock()
var reading = Duration.zero
var assembling = Duration.zero
var writing = Duration.zero
var encoding = Duration.zero
var otlpRuns = 0
var jsonRuns = 0
for _ in 0..<iterations {
    let start = clock.now
    guard let (spans, _) = try? reader.read(otlpBody) else { fatalError("the OTLP body is not an export") }
    let read = clock.now
    let assembly = RunAssembly(export: spans, pending: [])
    let assembled = clock.now
    var write = OTLPExportWrite(assembly: assembly)
    let agentIds = [String](repeating: target.agentId, count: spans.agents.count)
    let documents = write.build(agentIds: agentIds, samples: false)
    let written = clock.now
    guard let encoded = RunDocumentEncoder.encode(body: jsonBody, receivedMs: 0, target: target, samples: false)
    else { fatalError("the JSON body is declined by the fast path") }
    encoding += clock.now - written
    writing += written - assembled
    reading += read - start
    assembling += assembled - read
    otlpRuns += documents.count
    jsonRuns += encoded.count
}

func nanoseconds(_ duration: Duration, per runs: Int) -> Double {
    (Double(duration.components.seconds) * 1e18 + Double(duration.components.attoseconds)) / 1e9 / Double(runs)
}
print(
    String(
        format: "ns_per_run otlp: read=%.0f assemble=%.0f write=%.0f total=%.0f json: encode=%.0f",
        nanoseconds(reading, per: otlpRuns), nanoseconds(assembling, per: otlpRuns),
        nanoseconds(writing, per: otlpRuns), nanoseconds(reading + assembling + writing, per: otlpRuns),
        nanoseconds(encoding, per: jsonRuns)))
