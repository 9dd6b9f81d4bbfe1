extension Agent: JSONWritable {
    /// `{"id","name","project","created_at","updated_at"}`.
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("name")
        writer.string(name)
        writer.key("project")
        writer.string(project)
        writer.key("created_at")
        writer.date(milliseconds: createdMs)
        writer.key("updated_at")
        writer.date(milliseconds: updatedMs)
        writer.endObject()
    }
}
