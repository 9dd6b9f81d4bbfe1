/// The one layout of a stored `agent_runs` document, written by the fast ingest path from request bytes
/// (`RunDocumentEncoder`) and by the reference path from a decoded `AgentRun`, so both store the same bytes.
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

    /// `cost`, the trace members of a run that arrived over OTLP (`RunTrace.bsonFields`' layout), `counted:
    /// false`, and the end of the document opened by `beginRun`.
    mutating func endRun(_ start: Int, cost: Double, trace: RunTrace? = nil) {
        double(Key.cost, cost)
        if let trace { self.trace(trace) }
        bool(Key.counted, false)
        end(start)
    }

    /// `run`'s document as `AgentRun.toBSON()` lays it out, under `_id` `objectID` (the OTLP path, whose runs
    /// carry a `RunTrace`).
    mutating func run(_ run: AgentRun, objectID: ObjectID.Bytes) {
        // The fields are passed one by one: closures that captured `run` copied the whole run (a retain and a
        // release per string and list; BENCHMARKS.md, "OTLP ingest, fourth pass").
        let start = beginRun(
            objectID: objectID, agentId: run.agentId, version: run.version, runId: run.id, taskId: run.taskId,
            status: run.status, createdMs: run.createdMs, timeTakenText: run.timeTakenText,
            timeTakenSeconds: run.timeTakenSeconds, initiator: run.initiator)
        stringArray(Key.tools, run.tools)
        stringArray(Key.models, run.models)
        endRun(start, cost: run.cost, trace: run.trace)
    }

    private mutating func beginRun(
        objectID: ObjectID.Bytes, agentId: String, version: String, runId: Int64, taskId: Int64?, status: String,
        createdMs: Int64, timeTakenText: String?, timeTakenSeconds: Double?, initiator: String
    ) -> Int {
        var status = status
        var initiator = initiator
        var timeTaken = timeTakenText
        return IngestTargets.Target(agentId: agentId, version: version).withBytes { target in
            status.withUTF8 { status in
                initiator.withUTF8 { initiator in
                    func begin(_ timeTakenText: UnsafeBufferPointer<UInt8>?) -> Int {
                        beginRun(
                            objectID: objectID, target: target, runId: runId, taskId: taskId, status: status,
                            createdMs: createdMs, timeTakenText: timeTakenText, timeTakenSeconds: timeTakenSeconds,
                            initiator: initiator)
                    }
                    guard timeTaken != nil else { return begin(nil) }
                    return timeTaken!.withUTF8 { begin($0) }
                }
            }
        }
    }

    private mutating func trace(_ trace: RunTrace) {
        typealias TraceKey = RunTrace.BSONKey.Static
        string(TraceKey.traceID, trace.traceID)
        string(TraceKey.spanID, trace.spanID)
        if let errorType = trace.errorType { string(TraceKey.errorType, errorType) } else { null(TraceKey.errorType) }
        if let conversationID = trace.conversationID {
            string(TraceKey.conversationID, conversationID)
        } else {
            null(TraceKey.conversationID)
        }
        let tokens = beginDocument(TraceKey.tokens)
        int64(TraceKey.input, trace.tokens.input)
        int64(TraceKey.output, trace.tokens.output)
        int64(TraceKey.cacheRead, trace.tokens.cacheRead)
        int64(TraceKey.cacheCreation, trace.tokens.cacheCreation)
        end(tokens)
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
        let start = beginArray(key)
        for (index, string) in strings.enumerated() {
            var string = string
            string.withUTF8 { self.string(index: index, $0) }
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
