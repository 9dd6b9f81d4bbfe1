import HTTPCore

/// The validated query string of `GET /api/v1/ui/timeseries`: `?agent=&version=&bucket=hour|day&since=&until=`.
///
/// The range is whole buckets: from the bucket holding `since` through the bucket holding the last millisecond
/// before `until` (`until` is exclusive, as in the run listings). Without `until` it ends with the bucket holding
/// now; without `since` it starts `defaultCount` buckets before its end: the last 48 hours, or the last 30 days.
public struct TimeSeriesQuery: Sendable, Hashable {
    public static let maximumBuckets: Int64 = 1_000

    /// An agent name or id, as the client sent it.
    public var agent: String
    /// nil: every version of the agent, summed.
    public var version: String?
    public var width: BucketWidth
    /// The first bucket's start.
    public var firstStartMs: Int64
    /// How many buckets, 0 (a range that holds none) through `maximumBuckets`.
    public var count: Int

    static func defaultCount(_ width: BucketWidth) -> Int64 {
        switch width {
        case .hour: 48
        case .day: 30
        }
    }

    /// The end of the last bucket (exclusive).
    public var endMs: Int64 { firstStartMs + Int64(count) * width.lengthMs }

    /// Validates the parameters against `nowMs`, reporting every bad one at once as 400 `invalid_query`.
    public static func decode(_ parameters: QueryParameters, nowMs: Int64) throws(APIError) -> TimeSeriesQuery {
        var errors = parameters.undecodable.map { FieldError(field: $0, message: "is not valid percent-encoded UTF-8") }
        var agent = ""
        var version: String?
        for (name, required) in [("agent", true), ("version", false)] {
            guard let text = parameters[name] else {
                if required { errors.append(FieldError(field: name, message: "is required")) }
                continue
            }
            if text.isEmpty {
                errors.append(FieldError(field: name, message: "must not be empty"))
            } else if FieldBounds.containsNUL(text) {
                errors.append(FieldError(field: name, message: FieldBounds.nulText))
            } else if name == "agent" {
                agent = text
            } else {
                version = text
            }
        }
        var width = BucketWidth.hour
        if let text = parameters["bucket"] {
            if let parsed = BucketWidth(rawValue: text) {
                width = parsed
            } else {
                errors.append(FieldError(field: "bucket", message: "must be hour or day"))
            }
        }
        var dates: [String: Int64] = [:]
        for name in ["since", "until"] {
            guard let text = parameters[name] else { continue }
            do {
                dates[name] = try FieldBounds.parseDate(text)
            } catch {
                errors.append(FieldError(field: name, message: error.message))
            }
        }
        guard errors.isEmpty else { throw APIError.invalidQuery(errors) }
        // A range that holds no bucket (`since` at or after `until`, or after now without `until`; `until` at
        // 1970-01-01 or earlier) is an empty series, not an error: every date in range is a valid value.
        if let since = dates["since"], since >= dates["until"] ?? nowMs + 1 {
            return TimeSeriesQuery(agent: agent, version: version, width: width, firstStartMs: since, count: 0)
        }
        // Dates are within `FieldBounds.dates`, so none of this arithmetic can overflow.
        let lastStart = width.start(of: dates["until"].map { $0 - 1 } ?? nowMs)
        let firstStart = max(
            dates["since"].map(width.start(of:)) ?? lastStart - (defaultCount(width) - 1) * width.lengthMs, 0)
        let count = lastStart < firstStart ? 0 : (lastStart - firstStart) / width.lengthMs + 1
        guard count <= maximumBuckets else {
            throw APIError.invalidQuery([
                FieldError(
                    field: dates["since"] == nil ? "until" : "since",
                    message: "the range holds \(count) \(width.rawValue) buckets; at most \(maximumBuckets) are allowed"
                )
            ])
        }
        return TimeSeriesQuery(
            agent: agent, version: version, width: width, firstStartMs: firstStart, count: Int(count))
    }
}
