import TimeFormats

/// Ingest's fast path: a run body's bytes straight to the `agent_runs` documents to store, with no JSON
/// tree, no `AgentRun` and no `String` per field.
///
/// It accepts only bodies that `RunBatch.decode` (the reference) accepts, and stores the same bytes the
/// reference's runs would (`BSONWriter.run`); it *declines* (nil) anything else: every invalid body, but
/// also valid shapes it does not bother with (escapes in strings, a `runs` member beside others, more
/// than `APIError.maximumRunsPerRequest` runs). The caller then runs the reference, which answers with the
/// exact errors. `RunDocumentEncoderTests` holds the two to that agreement.
///
/// Each run object is read in two steps, as the reference does: its members' values are located (the
/// last of repeated keys wins, unknown members are checked as JSON and skipped), then the run's fields
/// are checked in the reference's order and written.
struct RunDocumentEncoder {
    private(set) var scanner: JSONSpanScanner
    private(set) var documents: RunDocuments
    private let target: RunTargetBytes
    /// The same target as text, for the single run's answer.
    private let targetNames: IngestTargets.Target
    private let receivedMs: Int64
    /// The version the runs go to, when the dashboard wants samples of them.
    private let sampleKey: VersionKey?

    /// The body's runs as documents under `target`, or nil when the fast path declines.
    ///
    /// - Parameters:
    ///   - receivedMs: the receive time, for runs without `created`.
    ///   - samples: whether to record each run's `RunSample` (for the dashboard's pending runs).
    static func encode(
        body: [UInt8], receivedMs: Int64, target: IngestTargets.Target, samples: Bool
    ) -> RunDocuments? {
        body.withUnsafeBufferPointer { bytes in
            target.withBytes { targetBytes in
                var encoder = RunDocumentEncoder(
                    scanner: JSONSpanScanner(bytes),
                    // A typical run's document is ~1.7 × its JSON (ids and keys, nulls for what it lacks): twice
                    // the body, so the buffer rarely grows.
                    documents: RunDocuments(isSingle: false, capacity: bytes.count * 2),
                    target: targetBytes, targetNames: target, receivedMs: receivedMs,
                    sampleKey: samples ? VersionKey(agentId: target.agentId, version: target.version) : nil)
                return encoder.encodeBody() ? encoder.documents : nil
            }
        }
    }

    /// `{"runs": [run, ...]}` (`runs` the only member) or one run object, and nothing after it.
    private mutating func encodeBody() -> Bool {
        guard scanner.peek() == UInt8(ascii: "{") else { return false }
        let objectStart = scanner.index
        scanner.index += 1
        guard scanner.peek() == UInt8(ascii: "\""), let key = scanner.string(), Field(bytes(key)) == .runs else {
            scanner.index = objectStart
            documents.isSingle = true
            return encodeRun(depth: 1) && scanner.atEnd()
        }
        guard scanner.consume(UInt8(ascii: ":")), scanner.consume(UInt8(ascii: "[")) else { return false }
        if !scanner.consume(UInt8(ascii: "]")) {
            repeat {
                guard documents.count < APIError.maximumRunsPerRequest, encodeRun(depth: 3) else { return false }
            } while scanner.consume(UInt8(ascii: ","))
            guard scanner.consume(UInt8(ascii: "]")) else { return false }
        }
        return scanner.consume(UInt8(ascii: "}")) && scanner.atEnd()
    }

    /// One run object at nesting `depth`: its members located, then checked and written.
    private mutating func encodeRun(depth: Int) -> Bool {
        guard scanner.consume(UInt8(ascii: "{")) else { return false }
        var members = RunMembers()
        if !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                guard scanner.peek() == UInt8(ascii: "\""), let key = scanner.string(),
                    scanner.consume(UInt8(ascii: ":"))
                else { return false }
                let field = Field(bytes(key))
                // A single run's `runs` member makes the body a batch in the reference: not handled here.
                if field == .runs && documents.isSingle { return false }
                guard let value = locateValue(depth: depth + 1) else { return false }
                members.set(field, value)
            } while scanner.consume(UInt8(ascii: ","))
            guard scanner.consume(UInt8(ascii: "}")) else { return false }
        }
        return write(members)
    }

    /// The next value's kind and span (a string's contents, a number's text, an array's brackets),
    /// after checking it; `.null` for `null`.
    private mutating func locateValue(depth: Int) -> RunMembers.Value? {
        switch scanner.peek() {
        case UInt8(ascii: "\"")?:
            return scanner.string().map { RunMembers.Value(kind: .string, span: $0) }
        case UInt8(ascii: "n")?:
            return scanner.null() ? RunMembers.Value(kind: .null, span: 0..<0) : nil
        case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?:
            return scanner.number().map { RunMembers.Value(kind: $0.isInteger ? .integer : .number, span: $0.text) }
        default:
            let start = scanner.index
            let kind: RunMembers.Kind = scanner.peek() == UInt8(ascii: "[") ? .array : .other
            guard scanner.skipValue(depth: depth) else { return nil }
            return RunMembers.Value(kind: kind, span: start..<scanner.index)
        }
    }

    /// Checks the run's fields in the reference's order and writes its document; false on any problem.
    private mutating func write(_ members: RunMembers) -> Bool {
        // No `members.id.flatMap(integer)`: a method used as a closure captures a copy of the whole encoder.
        guard let idValue = members.id, let id = integer(idValue) else { return false }
        var taskId: Int64?
        if let value = members.taskId {
            guard let integer = integer(value) else { return false }
            taskId = integer
        }
        guard let status = members.status, status.kind == .string, !status.span.isEmpty,
            status.span.count <= FieldBounds.maximumStatusBytes
        else { return false }
        var createdMs = receivedMs
        if let created = members.created {
            // Any string field past `maximumTextBytes` is an error in the reference, a valid timestamp or not.
            guard created.kind == .string, created.span.count <= FieldBounds.maximumTextBytes,
                let milliseconds = RFC3339.parseMilliseconds(bytes: bytes(created.span)),
                FieldBounds.dates.contains(milliseconds)
            else { return false }
            createdMs = milliseconds
        }
        var timeTaken = TimeTaken.absent
        if let value = members.timeTaken {
            guard let given = self.timeTaken(value) else { return false }
            timeTaken = given
        }
        let initiator = members.initiator ?? RunMembers.Value(kind: .string, span: 0..<0)
        guard initiator.kind == .string, initiator.span.count <= FieldBounds.maximumTextBytes else { return false }
        var cost = 0.0
        if let value = members.cost {
            guard let number = number(value), (0...FieldBounds.maximumCost).contains(number) else { return false }
            cost = number
        }

        let objectID = documents.ids.generate()
        let statusBytes = bytes(status.span)
        let initiatorBytes = bytes(initiator.span)
        func begin(_ text: UnsafeBufferPointer<UInt8>?) -> Int {
            documents.writer.beginRun(
                objectID: objectID, target: target, runId: id, taskId: taskId, status: statusBytes,
                createdMs: createdMs, timeTakenText: text, timeTakenSeconds: timeTaken.seconds,
                initiator: initiatorBytes)
        }
        let start: Int
        if var formatted = timeTaken.formatted {
            start = formatted.withUTF8(begin)
        } else if let given = timeTaken.given {
            start = begin(bytes(given))
        } else {
            start = begin(nil)
        }
        guard writeList(AgentRun.BSONKey.Static.tools, members.tools),
            writeList(AgentRun.BSONKey.Static.models, members.models)
        else { return false }
        documents.writer.endRun(start, cost: cost)
        let sample = sampleKey.map { key in
            RunSample(
                objectID: ObjectID.hex(objectID), key: key, runId: id,
                status: String(decoding: statusBytes, as: UTF8.self), createdMs: createdMs,
                runtimeMicros: timeTaken.seconds.map(RunSample.micros), costMicros: RunSample.micros(cost))
        }
        documents.add(start: start, runId: id, sample: sample)
        if documents.isSingle {
            documents.single = AgentRun(
                agentId: targetNames.agentId, version: targetNames.version, id: id, taskId: taskId,
                status: String(decoding: statusBytes, as: UTF8.self), createdMs: createdMs,
                timeTakenText: timeTaken.formatted
                    ?? timeTaken.given.map { String(decoding: bytes($0), as: UTF8.self) },
                timeTakenSeconds: timeTaken.seconds, initiator: String(decoding: initiatorBytes, as: UTF8.self),
                tools: strings(members.tools), models: strings(members.models), cost: cost)
        }
        return true
    }

    /// `tools` or `models`: an array of at most `FieldBounds.maximumListCount` strings of at most
    /// `FieldBounds.maximumTextBytes`, written as it is checked (a failed run's bytes are never used).
    private mutating func writeList(_ key: StaticString, _ value: RunMembers.Value?) -> Bool {
        let array = documents.writer.beginArray(key)
        defer { documents.writer.end(array) }
        guard let value else { return true }
        guard value.kind == .array else { return false }
        var list = JSONSpanScanner(scanner.bytes, at: value.span.lowerBound)
        guard list.consume(UInt8(ascii: "[")) else { return false }
        if list.consume(UInt8(ascii: "]")) { return true }
        var index = 0
        repeat {
            guard index < FieldBounds.maximumListCount, let element = list.string(),
                element.count <= FieldBounds.maximumTextBytes
            else { return false }
            let text = bytes(element)
            documents.writer.string(index: index, text)
            index += 1
        } while list.consume(UInt8(ascii: ","))
        return list.consume(UInt8(ascii: "]"))
    }

    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: scanner.bytes[range])
    }
}
