/// JSON bodies of the list endpoints, rendered from a snapshot.
enum DashboardRender {
    /// - Parameter recent: the list to show, `snapshot.recent` with any pending runs merged in.
    static func recentActivity(_ snapshot: DashboardSnapshot, recent: [RunSample]? = nil, limit: Int) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + limit * 180)
        writer.beginArray()
        for run in (recent ?? snapshot.recent).prefix(limit) {
            writer.beginObject()
            writer.key("id")
            writer.int(run.runId)
            writer.key("agent")
            writer.string(snapshot.agentNames[run.key.agentId] ?? run.key.agentId)
            writer.key("action")
            writer.string(run.action)
            writer.key("status")
            writer.string(run.status)
            writer.key("outcome")
            writer.string(RunOutcome(status: run.status).name)
            writer.key("time")
            writer.date(milliseconds: run.createdMs)
            writer.key("duration")
            writer.double(run.durationSeconds ?? 0)
            writer.key("cost")
            writer.double(run.costDollars)
            writer.endObject()
        }
        writer.endArray()
        return writer.bytes
    }

    /// A page of `agent_versions`: the rows after `query.cursor` in `query.sort`'s order that match its filter, at
    /// most `query.limit` of them; and the cursor of the next page when more match.
    static func agentVersions(
        _ snapshot: DashboardSnapshot, query: VersionRowQuery, nowMs: Int64
    ) -> (body: [UInt8], next: VersionCursor?) {
        let rows = snapshot.rows
        let sort = query.sort
        let order = snapshot.orders.order(sort, rows: rows)
        var position = 0
        if let cursor = query.cursor {
            // The first row after the cursor's position.
            var high = order.count
            while position < high {
                let middle = (position + high) / 2
                if sort.precedes(cursor.key, sort.key(rows[order[middle]])) {
                    high = middle
                } else {
                    position = middle + 1
                }
            }
        }
        let limit = query.limit ?? Int.max
        var writer = JSONWriter(capacity: 64 + min(limit, rows.count) * 420)
        writer.beginArray()
        var written = 0
        var last: VersionRow?
        var more = false
        for index in order[position...] {
            let row = rows[index]
            guard query.filter.isEmpty || query.filter.matches(row, nowMs: nowMs) else { continue }
            guard written < limit else {
                more = true
                break
            }
            row.writeJSON(to: &writer, nowMs: nowMs)
            written += 1
            last = row
        }
        writer.endArray()
        let next = more ? last.map { VersionCursor(sort: sort, key: sort.key($0)) } : nil
        return (writer.bytes, next)
    }
}
