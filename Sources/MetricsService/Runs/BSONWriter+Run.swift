/// The one layout of a stored `agent_runs` document, written by the fast ingest path from request bytes
/// (`RunDocumentEncoder`), by the reference path from a decoded `AgentRun`, so both store the same bytes, and by
/// the OTLP path from an assembled run (`OTLPRunBuilder`), with the trace members.
///
/// `_id` first (ids from one process increase, which keeps the listing's tie-break on `_id` in insertion
/// order), then `AgentRun.toBSON()`'s fields in its order, then `counted: false` (see `RunStore.countedKey`).
/// Absent `task_id` and `time_taken` are stored as null so every document has the same fields.
extension BSONWriter {
    typealias Key = AgentRun.BSONKey.Static

    /// The identity and every field before `tools`; the caller then writes `tools` and `models` as arrays
    /// of strings (`beginArray(Key.tools)`, `string(index:_:)`, `end`) and finishes with `endRun`.
    mutating func beginRun(
        objectID: ObjectID.Bytes, target: RunTargetBytes, runId: Int64, taskId: Int64?,
        status: UnsafeBufferPointer<UInt8>, createdMs: Int64, timeTakenText: UnsafeBufferPointer<UInt8>?,
        timeTakenSeconds: Double?, initiator: UnsafeBufferPointer<UInt8>
    ) -> Int {
        let start = beginDocument()
        self.objectID(Key.id, objectID)
        string(Key.agentId, target.agentId)
        string(Key.version, target.version)
        int64(Key.runId, runId)
        if let taskId { int64(Key.taskId, taskId) } else { null(Key.taskId) }
        string(Key.status, status)
        date(Key.created, createdMs)
        if let timeTakenText { string(Key.timeTaken, timeTakenText) } else { null(Key.timeTaken) }
        if let timeTakenSeconds { double(Key.timeTakenSeconds, timeTakenSeconds) } else { null(Key.timeTakenSeconds) }
        string(Key.initiator, initiator)
        return start
    }

    /// `cost`, `counted: false`, and the end of the document opened by `beginRun`.
    mutating func endRun(_ start: Int, cost: Double) {
        double(Key.cost, cost)
        finishRun(start)
    }

    /// `cost`, the trace members of a run that arrived over OTLP (`RunTrace.bsonFields`' layout: the ids as
    /// lowercase hex, written here with no `String`), `counted: false`, and the end of the document opened by
    /// `beginRun`.
    mutating func endRun(
        _ start: Int, cost: Double, trace key: SpanKey, errorType: String?, conversationID: String?,
        tokens: TokenUsage
    ) {
        typealias TraceKey = RunTrace.BSONKey.Static
        double(Key.cost, cost)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { hex in
            key.trace.writeHex(into: hex, at: 0)
            Hex.write(key.span, into: hex, at: 32)
            let digits = UnsafeBufferPointer(hex)
            string(TraceKey.traceID, UnsafeBufferPointer(rebasing: digits[0..<32]))
            string(TraceKey.spanID, UnsafeBufferPointer(rebasing: digits[32..<48]))
        }
        if let errorType { string(TraceKey.errorType, errorType) } else { null(TraceKey.errorType) }
        if let conversationID { string(TraceKey.conversationID, conversationID) } else { null(TraceKey.conversationID) }
        let counts = beginDocument(TraceKey.tokens)
        int64(TraceKey.input, tokens.input)
        int64(TraceKey.output, tokens.output)
        int64(TraceKey.cacheRead, tokens.cacheRead)
        int64(TraceKey.cacheCreation, tokens.cacheCreation)
        end(counts)
        finishRun(start)
    }

    private mutating func finishRun(_ start: Int) {
        bool(Key.counted, false)
        end(start)
    }

    /// `run`'s document (the reference path: runs the fast path declined, and the first request to a
    /// version this process has not resolved yet).
    mutating func run(_ run: AgentRun, objectID: ObjectID.Bytes, target: RunTargetBytes) {
        let start: Int
        if var text = run.timeTakenText {
            start = text.withUTF8 { beginRun(run, objectID: objectID, target: target, timeTakenText: $0) }
        } else {
            start = beginRun(run, objectID: objectID, target: target, timeTakenText: nil)
        }
        stringArray(Key.tools, run.tools)
        stringArray(Key.models, run.models)
        endRun(start, cost: run.cost)
    }

    private mutating func beginRun(
        _ run: AgentRun, objectID: ObjectID.Bytes, target: RunTargetBytes, timeTakenText: UnsafeBufferPointer<UInt8>?
    ) -> Int {
        var status = run.status
        var initiator = run.initiator
        return status.withUTF8 { status in
            initiator.withUTF8 { initiator in
                beginRun(
                    objectID: objectID, target: target, runId: run.id, taskId: run.taskId, status: status,
                    createdMs: run.createdMs, timeTakenText: timeTakenText, timeTakenSeconds: run.timeTakenSeconds,
                    initiator: initiator)
            }
        }
    }

    private mutating func stringArray(_ key: StaticString, _ strings: [String]) {
        stringArray(key) { body in strings.forEach(body) }
    }

    /// An array of the strings `forEach` calls its argument with, in order.
    mutating func stringArray(_ key: StaticString, _ forEach: ((String) -> Void) -> Void) {
        let start = beginArray(key)
        var index = 0
        forEach { string in
            var string = string
            string.withUTF8 { self.string(index: index, $0) }
            index += 1
        }
        end(start)
    }
}

/// The agent id and version every run of one request is stored under, as UTF-8 bytes borrowed for the
/// length of one encoding (`withBytes`).
struct RunTargetBytes {
    let agentId: UnsafeBufferPointer<UInt8>
    let version: UnsafeBufferPointer<UInt8>
}

extension IngestTargets.Target {
    /// Runs `body` with this target's bytes.
    func withBytes<T>(_ body: (RunTargetBytes) throws -> T) rethrows -> T {
        var agentId = agentId
        var version = version
        return try agentId.withUTF8 { agent in
            try version.withUTF8 { version in try body(RunTargetBytes(agentId: agent, version: version)) }
        }
    }
}
