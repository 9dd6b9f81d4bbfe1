/// One card of `GET /api/v1/ui/stats`.
public struct StatCard: Sendable, Equatable, JSONWritable {
    public enum Trend: String, Sendable {
        case up, down, neutral
    }

    public var title: String
    public var value: String
    public var change: String
    public var icon: String
    public var trend: Trend
    /// The number behind `value`; always present, 0 included.
    public var raw: Double

    public init(title: String, value: String, change: String, icon: String, trend: Trend, raw: Double) {
        self.title = title
        self.value = value
        self.change = change
        self.icon = icon
        self.trend = trend
        self.raw = raw
    }

    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("title")
        writer.string(title)
        writer.key("value")
        writer.string(value)
        writer.key("change")
        writer.string(change)
        writer.key("icon")
        writer.string(icon)
        writer.key("trend")
        writer.string(trend.rawValue)
        writer.key("raw")
        writer.double(raw)
        writer.endObject()
    }
}
