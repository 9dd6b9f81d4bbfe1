import OTLPProto
import SwiftProtobuf

@testable import MetricsService

/// Prices for the models the seeds name, so cost is computed (and bounded) rather than always 0.
private let prices = PriceTable(prices: [
    "gpt-4o": .init(input: 2.5, output: 10, cachedInput: 1.25), "claude": .init(input: 1_000_000, output: 1_000_000),
])

/// libFuzzer entry point (`make fuzz`): bytes as a `POST /v1/traces` body, read as binary protobuf by
/// `OTLPWireReader` (what the route uses) and by swift-protobuf plus `OTLPSpanReader` (the reference, also the JSON
/// route's reader), and as OTLP/JSON through swift-protobuf's JSON mapping and `OTLPJSONIDs`.
///
/// Checks that whatever swift-protobuf decodes, the wire reader decodes to the same spans and the same refusals
/// (the wire reader may refuse less: it skips fields the mapping does not use without validating them); that every
/// accepted span and every run assembled from them lies inside `FieldBounds` or is refused; and that neither
/// reader nor the run mapping traps on anything.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOTLP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let wire = Result { () throws(ProtoWireError) in try OTLPWireReader(prices: prices).read(body) }
    if let message = try? OTLPExportRequest(serializedBytes: body) {
        let reference = OTLPSpanReader(prices: prices).read(message)
        guard case .success(let read) = wire else {
            preconditionFailure("swift-protobuf decodes a body the wire reader refuses: \(wire)")
        }
        precondition(read.spans == reference.spans, "the readers disagree on the spans")
        precondition(read.rejected == reference.rejected, "the readers disagree on the refusals")
    }
    if case .success(let read) = wire { checkMapping(read.spans) }

    var options = JSONDecodingOptions()
    options.ignoreUnknownFields = true
    if var message = try? OTLPExportRequest(jsonUTF8Bytes: body, options: options) {
        OTLPJSONIDs.repair(&message)
        checkMapping(OTLPSpanReader(prices: prices).read(message).spans)
    }
    return 0
}

/// Accepted spans are storable, and the runs made of them are stored or refused, never out of bounds.
private func checkMapping(_ export: ExportSpans) {
    for span in export.spans {
        precondition(span.key.span != 0 && (span.key.trace.high != 0 || span.key.trace.low != 0), "a zero id")
        precondition(span.own.cost.isFinite && span.own.cost >= 0, "a span's cost is not a finite amount")
        let tokens = span.own.tokens
        precondition(
            tokens.input >= 0 && tokens.output >= 0 && tokens.cacheRead >= 0 && tokens.cacheCreation >= 0,
            "negative tokens")
        precondition(span.own.requestModel != "" && span.own.responseModel != "" && span.own.tool != "", "empty name")
        precondition(span.own.responseModel == nil || span.own.responseModel != span.own.requestModel, "model twice")
    }
    precondition(export.spans.compactMap(\.agent) == Array(export.agents.indices), "agent facts not indexed once")
    for agent in export.agents {
        precondition(agent.startNs > 0 && agent.endNs >= agent.startNs, "times out of order")
        for name in [agent.agentName, agent.agentVersion] {
            precondition(!name.isEmpty && name.utf8.count <= FieldBounds.maximumTextBytes, "agent name length")
            precondition(!FieldBounds.containsNUL(name) && !ObjectIDText.isValid(name), "unstorable agent name")
        }
    }
    let assembly = RunAssembly(export: export, pending: [])
    // A span sent twice (same trace and span id) counts once, as its first copy: each first copy of an agent span
    // is one run, in export order.
    var seen = Set<SpanKey>()
    let agents = export.spans.filter { seen.insert($0.key).inserted && $0.isAgent }.map(\.key)
    precondition(assembly.runs.map(\.key) == agents, "an agent span (its first copy) is not one run")
    var writer = BSONWriter()
    var ids = ObjectIDSource()
    let target = IngestTargets.Target(agentId: "0123456789abcdef01234567", version: "v")
    for run in assembly.runs {
        guard let totals = try? OTLPRunBuilder.totals(run) else { continue }
        precondition(totals.cost.isFinite && (0...FieldBounds.maximumCost).contains(totals.cost), "cost bounds")
        var models: [String] = []
        var tools: [String] = []
        OTLPRunBuilder.forEachModel(of: run) { models.append($0) }
        OTLPRunBuilder.forEachTool(of: run) { tools.append($0) }
        precondition(
            tools.count <= FieldBounds.maximumListCount && models.count <= FieldBounds.maximumListCount,
            "list too long")
        precondition(Set(models).count == models.count && Set(tools).count == tools.count, "a name listed twice")
        let seconds = Double(run.span.endNs - run.span.startNs) / 1e9
        precondition((0...FieldBounds.maximumTimeTakenSeconds).contains(seconds), "time_taken out of bounds")
        let start = writer.count
        target.withBytes { target in
            OTLPRunBuilder.write(run, totals: totals, objectID: ids.generate(), target: target, into: &writer)
        }
        let length = writer.bytes[start..<start + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        precondition(length == writer.count - start, "the run's BSON length is not its size")
    }
}
