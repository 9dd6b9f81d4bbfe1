import HTTPCore
import TimeFormats

/// The validated query string of a run listing:
/// `?limit=&cursor=&status=&since=&until=`.
///
/// `since` is inclusive and `until` exclusive (`since <= created < until`), so consecutive
/// windows neither overlap nor leave gaps.
public struct RunListQuery: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public var limit: Int
    public var cursor: RunCursor?
    public var status: String?
    public var sinceMs: Int64?
    public var untilMs: Int64?

    public init(
        limit: Int = RunListQuery.defaultLimit, cursor: RunCursor? = nil, status: String? = nil,
        sinceMs: Int64? = nil, untilMs: Int64? = nil
    ) {
        self.limit = limit
        self.cursor = cursor
        self.status = status
        self.sinceMs = sinceMs
        self.untilMs = untilMs
    }

    /// Validates the parameters, reporting every bad one at once as 400 `invalid_query`; a cursor
    /// this server did not issue is 400 `invalid_cursor`.
    public static func decode(_ parameters: QueryParameters) throws(APIError) -> RunListQuery {
        var query = RunListQuery()
        // A filter that could not be read must not be taken for one that was not sent (the whole listing).
        var errors = parameters.undecodable.map {
            FieldError(field: $0, message: "is not valid percent-encoded UTF-8")
        }
        if let text = parameters["limit"] {
            if let limit = Int(text), (1...maximumLimit).contains(limit) {
                query.limit = limit
            } else {
                errors.append(FieldError(field: "limit", message: "must be an integer from 1 to \(maximumLimit)"))
            }
        }
        if let text = parameters["cursor"] {
            // A cursor is ours or nothing: a forged one naming a date outside the bounds is as
            // foreign as one that does not decode, and is answered alone with its own code.
            guard let cursor = RunCursor(token: text), FieldBounds.dates.contains(cursor.createdMs) else {
                throw APIError(
                    .badRequest, code: "invalid_cursor", message: "cursor: is not a cursor this server issued",
                    details: [FieldError(field: "cursor", message: "is not a cursor this server issued")])
            }
            query.cursor = cursor
        }
        if let status = parameters["status"] {
            if status.isEmpty {
                errors.append(FieldError(field: "status", message: "must not be empty"))
            } else if FieldBounds.containsNUL(status) {
                errors.append(FieldError(field: "status", message: FieldBounds.nulText))
            } else {
                query.status = status
            }
        }
        for (name, keyPath) in [("since", \RunListQuery.sinceMs), ("until", \RunListQuery.untilMs)] {
            guard let text = parameters[name] else { continue }
            do {
                query[keyPath: keyPath] = try FieldBounds.parseDate(text)
            } catch {
                errors.append(FieldError(field: name, message: error.message))
            }
        }
        guard errors.isEmpty else { throw APIError.invalidQuery(errors) }
        return query
    }

    /// The query string for the page after `next`: the same filters and limit, with its cursor.
    public func nextQueryString(after next: RunCursor) -> String {
        var parts: [String] = []
        parts.append("limit=\(limit)")
        if let status { parts.append("status=" + QueryComponent.encode(status)) }
        if let sinceMs { parts.append("since=" + QueryComponent.encode(RFC3339.format(milliseconds: sinceMs))) }
        if let untilMs { parts.append("until=" + QueryComponent.encode(RFC3339.format(milliseconds: untilMs))) }
        parts.append("cursor=" + next.token)
        return parts.joined(separator: "&")
    }
}
