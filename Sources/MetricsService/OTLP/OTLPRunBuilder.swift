import TimeFormats

/// The stored run of an assembled agent span (README, "From spans to runs"), written straight from the assembly
/// to BSON: no `AgentRun`, no model and tool arrays and no hex `String`s in between, which cost as much as
/// writing the document itself (BENCHMARKS.md, "OTLP ingest, fifth pass"). The document is the one layout of
/// `BSONWriter+Run.swift`, with the trace members; `AgentRun(bson:)` reads it back like any other run.
enum OTLPRunBuilder {
    /// The run id of a span: its 8 bytes read big-endian, with the top bit cleared so ids stay positive.
    /// A re-exported span gets the same id, so the unique `(agent_id, version, run_id)` index keeps one copy.
    static func runID(spanID: UInt64) -> Int64 {
        Int64(bitPattern: spanID & UInt64(Int64.max))
    }

    /// What a run stores beyond its agent span's fields: its tokens and its cost.
    struct Totals: Sendable, Equatable {
        var tokens: TokenUsage
        var cost: Double
    }

    /// The run's tokens and cost: usage reported by descendants wins over the agent span's own, which would
    /// repeat it, and the agent span's `gen_ai.usage.cost` wins over both. Refused when the cost is outside
    /// `FieldBounds`.
    static func totals(_ run: RunAssembly.Run) throws(SpanRejection) -> Totals {
        let (tokens, usageCost) =
            run.descendants.reportsUsage
            ? (run.descendants.tokens, run.descendants.cost) : (run.own.tokens, run.own.cost)
        let cost = run.span.costAttribute ?? usageCost
        guard cost.isFinite, (0...FieldBounds.maximumCost).contains(cost) else {
            throw SpanRejection(
                reason: "the run's cost \(cost) is outside 0 to \(Int(FieldBounds.maximumCost)) dollars")
        }
        return Totals(tokens: tokens, cost: cost)
    }

    /// The run's models in stored order, each once: the agent span's own first, then its descendants', at most
    /// `FieldBounds.maximumListCount` (as `NameList.append` keeps them).
    static func forEachModel(of run: RunAssembly.Run, _ body: (String) -> Void) {
        let response = run.own.responseModel == run.own.requestModel ? nil : run.own.responseModel
        forEach(own: run.own.requestModel, response, then: run.descendants.models, body)
    }

    /// The run's tools in stored order, each once: the agent span's own first, then its descendants'.
    static func forEachTool(of run: RunAssembly.Run, _ body: (String) -> Void) {
        forEach(own: run.own.tool, nil, then: run.descendants.tools, body)
    }

    /// The agent span's own names (distinct, or nil), then those of `descendants` (distinct) that are not among
    /// them, up to the list bound.
    private static func forEach(
        own first: String?, _ second: String?, then descendants: NameList, _ body: (String) -> Void
    ) {
        // The bound is far above two: the agent span's own names always fit.
        var count = 0
        if let first {
            body(first)
            count += 1
        }
        if let second {
            body(second)
            count += 1
        }
        for name in descendants where count < FieldBounds.maximumListCount && name != first && name != second {
            body(name)
            count += 1
        }
    }

    /// Writes the run's document under `_id` `objectID` and `target` (its agent id and version).
    static func write(
        _ run: RunAssembly.Run, totals: Totals, objectID: ObjectID.Bytes, target: RunTargetBytes,
        into writer: inout BSONWriter
    ) {
        var initiator = run.span.initiator ?? ""
        var timeTaken = timeTakenText(run.span)
        let status = status(run.span)
        // Read before the closures below, which would otherwise capture (and so copy) the whole run.
        let (runId, createdMs, seconds) = (runID(spanID: run.key.span), createdMs(run.span), seconds(run.span))
        let start = initiator.withUTF8 { initiator in
            timeTaken.withUTF8 { timeTaken in
                writer.beginRun(
                    objectID: objectID, target: target, runId: runId, taskId: nil,
                    status: UnsafeBufferPointer(start: status.utf8Start, count: status.utf8CodeUnitCount),
                    createdMs: createdMs, timeTakenText: timeTaken, timeTakenSeconds: seconds, initiator: initiator)
            }
        }
        writer.stringArray(BSONWriter.Key.tools) { forEachTool(of: run, $0) }
        writer.stringArray(BSONWriter.Key.models) { forEachModel(of: run, $0) }
        writer.endRun(
            start, cost: totals.cost, trace: run.key, errorType: run.span.failed ? run.span.errorType : nil,
            conversationID: run.span.conversationID, tokens: totals.tokens)
    }

    /// The dashboard's view of the run written by `write`, read as the worker will read it back.
    static func sample(
        _ run: RunAssembly.Run, totals: Totals, objectID: ObjectID.Bytes, agentId: String
    ) -> RunSample {
        RunSample(
            objectID: ObjectID.hex(objectID), key: VersionKey(agentId: agentId, version: run.span.agentVersion),
            runId: runID(spanID: run.key.span), status: status(run.span).description,
            createdMs: createdMs(run.span), runtimeMicros: RunSample.micros(seconds(run.span)),
            costMicros: RunSample.micros(totals.cost))
    }

    /// `failed` when the span's status is ERROR, else `completed`.
    private static func status(_ span: AgentSpan) -> StaticString { span.failed ? "failed" : "completed" }

    private static func createdMs(_ span: AgentSpan) -> Int64 { Int64(span.startNs / 1_000_000) }

    private static func seconds(_ span: AgentSpan) -> Double { Double(span.endNs - span.startNs) / 1e9 }

    private static func timeTakenText(_ span: AgentSpan) -> String {
        GoDuration.format(nanoseconds: Int64(span.endNs - span.startNs))
    }
}
