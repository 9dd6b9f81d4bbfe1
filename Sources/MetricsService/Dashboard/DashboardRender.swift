/// JSON bodies of the list endpoints, rendered from a snapshot.
enum DashboardRender {
    /// - Parameter recent: the list to show, `snapshot.recent` with any pending runs merged in.
    static func recentActivity(_ snapshot: DashboardSnapshot, recent: [RecentRun]? = nil, limit: Int) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + limit * 180)
        writer.beginArray()
        for run in (recent ?? snapshot.recent).prefix(limit) {
            writer.beginObject()
            writer.key("id")
            writer.int(run.runId)
            writer.key("agent")
            writer.string(snapshot.agentNames[run.agentId] ?? run.agentId)
            writer.key("action")
            writer.string(run.action)
            writer.key("status")
            writer.string(run.status)
            writer.key("outcome")
            writer.string(RunOutcome(status: run.status).name)
            writer.key("time")
            writer.date(milliseconds: run.createdMs)
            writer.key("duration")
            writer.double(run.duration ?? 0)
            writer.key("cost")
            writer.double(run.cost)
            writer.endObject()
        }
        writer.endArray()
        return writer.bytes
    }

    static func agentVersions(_ snapshot: DashboardSnapshot, filter: VersionRowFilter, nowMs: Int64) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + snapshot.rows.count * 420)
        writer.beginArray()
        for row in snapshot.rows where filter.isEmpty || filter.matches(row, nowMs: nowMs) {
            row.writeJSON(to: &writer, nowMs: nowMs)
        }
        writer.endArray()
        return writer.bytes
    }
}
