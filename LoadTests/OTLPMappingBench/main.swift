// The OTLP mapping alone, in process, on one export body (scripts/bench-otlp-mapping.sh): reading the protobuf
// (`OTLPWireReader`), assembling runs (`RunAssembly`), and writing their documents (`OTLPExportWrite.build`), each
// timed per agent run, with no HTTP, no database and no other thread. A release build of MetricsService with
// testing enabled, so its internal types are reachable; not part of the package's targets.
//
// Usage: OTLPMappingBench BODY [iterations (default 2000)]
import Foundation

@testable import MetricsService

let arguments = CommandLine.arguments
guard arguments.count > 1, let data = FileManager.default.contents(atPath: arguments[1]) else {
    fatalError("usage: OTLPMappingBench BODY [iterations]")
}
let body = [UInt8](data)
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
let reader = OTLPWireReader(prices: PriceTable())
let clock = ContinuousClock()
var reading = Duration.zero
var assembling = Duration.zero
var writing = Duration.zero
var runs = 0
for _ in 0..<iterations {
    let start = clock.now
    guard let (spans, _) = try? reader.read(body) else { fatalError("the body is not an export") }
    let read = clock.now
    let assembly = RunAssembly(export: spans, pending: [])
    let assembled = clock.now
    var write = OTLPExportWrite(assembly: assembly)
    let agentIds = [String](repeating: "0123456789abcdef01234567", count: spans.agents.count)
    let documents = write.build(agentIds: agentIds, samples: false)
    writing += clock.now - assembled
    reading += read - start
    assembling += assembled - read
    runs += documents.count
}

func nanoseconds(_ duration: Duration, per runs: Int) -> Double {
    (Double(duration.components.seconds) * 1e18 + Double(duration.components.attoseconds)) / 1e9 / Double(runs)
}
print(
    String(
        format: "ns_per_run read=%.0f assemble=%.0f write=%.0f total=%.0f", nanoseconds(reading, per: runs),
        nanoseconds(assembling, per: runs), nanoseconds(writing, per: runs),
        nanoseconds(reading + assembling + writing, per: runs)))
