extension AgentVersion: JSONWritable {
    /// `{"id","agent_id","version","cluster","tools","models","deployment","created_at"}`.
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("agent_id")
        writer.string(agentId)
        writer.key("version")
        writer.string(version)
        writer.key("cluster")
        writer.string(cluster)
        writer.key("tools")
        writer.stringArray(tools)
        writer.key("models")
        writer.stringArray(models)
        writer.key("deployment")
        writer.string(deployment)
        writer.key("created_at")
        writer.date(milliseconds: createdMs)
        writer.endObject()
    }
}
