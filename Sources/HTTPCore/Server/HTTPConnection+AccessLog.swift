import Logging

/// The access log: one `info` line per answered request, fields as metadata so the log format (text or
/// JSON) decides how they look.
extension HTTPConnection {
    /// Placeholder for the API key's name until keys exist; the key itself is never logged.
    static let noKeyName = "-"

    func logAccess(
        _ logger: Logger, id: String, method: String, route: Int, status: Int, bytes: Int, durationNs: UInt64
    ) {
        let pattern = context.metrics.pattern(of: route)
        // The method is a client token: only a sane one is logged as sent.
        let loggedMethod = RequestID.isSane(method) && method.utf8.count <= 16 ? method : "other"
        logger.info(
            "request",
            metadata: [
                "request.id": .string(id),
                "http.method": .string(loggedMethod),
                "http.route": .string(pattern),
                "http.status": .stringConvertible(status),
                "http.response_bytes": .stringConvertible(bytes),
                "http.duration_ms": .string(Self.milliseconds(durationNs)),
                "auth.key_name": .string(Self.noKeyName),
                "client.ip": .string(peer?.text ?? "-"),
            ])
    }

    /// Nanoseconds as milliseconds with three decimals.
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        let micros = nanoseconds / 1000
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
