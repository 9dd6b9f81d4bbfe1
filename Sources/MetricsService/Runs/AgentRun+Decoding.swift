import TimeFormats

/// Reading a run from a request body (the reference path; `RunDocumentEncoder` is the fast one).
extension AgentRun {
    /// This run placed under `agentId` and `version` (a decoded run has neither until the path is resolved).
    public func with(agentId: String, version: String) -> AgentRun {
        var run = self
        run.agentId = agentId
        run.version = version
        return run
    }

    /// Validates one run object. Returns the run (with an empty `agentId` and `version`), or nil with every
    /// problem appended to `errors` (each carrying `index`, the run's position in a batch).
    static func decode(
        _ members: [(String, JSONValue)],
        index: Int?,
        receivedMs: Int64,
        errors: inout [FieldError]
    ) -> AgentRun? {
        var reader = FieldReader(members: members, index: index)
        let id = reader.requiredInteger("id")
        let taskId = reader.optionalInteger("task_id")
        let status = reader.requiredString("status", maximumBytes: FieldBounds.maximumStatusBytes)
        var createdMs = receivedMs
        if let created = reader.optionalString("created") {
            do {
                createdMs = try FieldBounds.parseDate(created)
            } catch {
                reader.fail("created", error.message)
            }
        }
        let timeTaken = decodeTimeTaken(&reader)
        let initiator = reader.optionalString("initiator") ?? ""
        let tools = reader.optionalStringArray("tools") ?? []
        let models = reader.optionalStringArray("models") ?? []
        let cost = reader.optionalNumber("cost") ?? 0
        if !(0...FieldBounds.maximumCost).contains(cost) {
            reader.fail("cost", "must be between 0 and \(Int(FieldBounds.maximumCost)) dollars")
        }

        guard reader.errors.isEmpty, let id, let status else {
            errors.append(contentsOf: reader.errors)
            return nil
        }
        return AgentRun(
            id: id, taskId: taskId, status: status, createdMs: createdMs, timeTakenText: timeTaken?.text,
            timeTakenSeconds: timeTaken?.seconds, initiator: initiator, tools: tools, models: models, cost: cost)
    }

    /// `time_taken`: a Go duration string or a number of seconds, from 0 to
    /// `FieldBounds.maximumTimeTakenSeconds`.
    private static func decodeTimeTaken(_ reader: inout FieldReader) -> (text: String, seconds: Double)? {
        guard let value = reader.value("time_taken") else { return nil }
        switch value {
        case .string(let text):
            guard text.utf8.count <= 64 else {
                reader.fail("time_taken", "must be at most 64 bytes long")
                return nil
            }
            let nanoseconds: Int64
            do {
                nanoseconds = try GoDuration.parseNanoseconds(text)
            } catch {
                reader.fail("time_taken", "must be a Go duration such as \"5m30s\" or a number of seconds (\(error))")
                return nil
            }
            let seconds = Double(nanoseconds) / 1e9
            guard checkTimeTaken(seconds, &reader) else { return nil }
            return (text, seconds)
        case .integer, .double:
            guard let seconds = reader.optionalNumber("time_taken"), checkTimeTaken(seconds, &reader) else {
                return nil
            }
            return (GoDuration.format(seconds: seconds), seconds)
        default:
            reader.fail(
                "time_taken", "must be a Go duration string or a number of seconds, not \(value.typeDescription)")
            return nil
        }
    }

    private static func checkTimeTaken(_ seconds: Double, _ reader: inout FieldReader) -> Bool {
        guard seconds >= 0 else {
            reader.fail("time_taken", "must not be negative")
            return false
        }
        guard seconds <= FieldBounds.maximumTimeTakenSeconds else {
            reader.fail("time_taken", "must be at most 30 days (720h)")
            return false
        }
        return true
    }
}
