/// The JSON body of a webhook event.
///
/// ```json
/// {"id": "<agent id>/<version>#2", "type": "regression", "agent": {"id": "...", "name": "..."},
///  "version": "1.1.0", "against": "1.0.0", "verdict": "worse", "metrics": [...],
///  "dashboard": "https://dash.example/#compare?agent=...&base=1.0.0&candidate=1.1.0", "at": "2024-..."}
/// ```
/// `type` is `regression` when the version became `worse`, `recovery` when it no longer is; `id` is unique per
/// transition and repeats only if the same event is delivered again (receivers can drop repeats by it).
enum AlertEvent {
    static func render(
        _ state: AlertState, regression: VersionRegression, agentName: String, dashboardURL: String, nowMs: Int64
    ) -> String {
        var writer = JSONWriter(capacity: 1_024)
        writer.beginObject()
        writer.key("id")
        writer.string(AlertState.eventID(state.key, sequence: state.sequence))
        writer.key("type")
        writer.string(state.condition == .worse ? "regression" : "recovery")
        writer.key("agent")
        writer.beginObject()
        writer.key("id")
        writer.string(state.key.agentId)
        writer.key("name")
        writer.string(agentName)
        writer.endObject()
        writer.key("version")
        writer.string(state.key.version)
        writer.key("against")
        writer.string(regression.against)
        writer.key("verdict")
        writer.string(regression.verdict.rawValue)
        writer.key("metrics")
        regression.comparison.writeMetrics(to: &writer)
        writer.key("dashboard")
        writer.string(link(dashboardURL, key: state.key, against: regression.against))
        writer.key("at")
        writer.date(milliseconds: nowMs)
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `<dashboardURL>#compare?agent=<id>&base=<against>&candidate=<version>`, values percent-encoded.
    static func link(_ dashboardURL: String, key: VersionKey, against: String) -> String {
        let base = dashboardURL.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return
            "\(base)#compare?agent=\(encoded(key.agentId))&base=\(encoded(against))&candidate=\(encoded(key.version))"
    }

    /// RFC 3986 unreserved bytes as they are, every other byte as `%XX`.
    static func encoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
