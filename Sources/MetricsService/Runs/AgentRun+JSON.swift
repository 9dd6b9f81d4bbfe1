extension AgentRun: JSONWritable {
    /// Exactly the spec's run fields in the spec's order, plus `version`:
    /// `{"created","status","time_taken","initiator","tools","cost","models","id","task_id","version"}`.
    /// Absent `time_taken` and `task_id` are `null`. A run from OTLP adds `trace_id`, `span_id`, `error_type`,
    /// `conversation_id` and `tokens` (see `RunTrace`).
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("created")
        writer.date(milliseconds: createdMs)
        writer.key("status")
        writer.string(status)
        writer.key("time_taken")
        if let timeTakenText { writer.string(timeTakenText) } else { writer.null() }
        writer.key("initiator")
        writer.string(initiator)
        writer.key("tools")
        writer.stringArray(tools)
        writer.key("cost")
        writer.double(cost)
        writer.key("models")
        writer.stringArray(models)
        writer.key("id")
        writer.int(id)
        writer.key("task_id")
        if let taskId { writer.int(taskId) } else { writer.null() }
        writer.key("version")
        writer.string(version)
        trace?.writeJSONMembers(to: &writer)
        writer.endObject()
    }
}
