import HTTPCore

/// The validated query string of `agent_versions`: the filters, `?sort=`, and `?limit=&cursor=` for pages.
///
/// Without `limit` the answer is every matching row (after `cursor`, if one is given), as the spec's full array.
public struct VersionRowQuery: Sendable, Hashable {
    public static let maximumLimit = 1000

    public var filter: VersionRowFilter
    public var sort: VersionSort
    /// Rows per page; nil for every row.
    public var limit: Int?
    public var cursor: VersionCursor?

    public init(
        filter: VersionRowFilter = VersionRowFilter(), sort: VersionSort = .byName, limit: Int? = nil,
        cursor: VersionCursor? = nil
    ) {
        self.filter = filter
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
    }

    /// Validates the parameters, reporting every bad one at once as 400 `invalid_query`; a cursor this server did
    /// not issue, or issued for another sort, is 400 `invalid_cursor`.
    public static func decode(_ parameters: QueryParameters) throws(APIError) -> VersionRowQuery {
        var query = VersionRowQuery()
        var errors = parameters.undecodable.map { FieldError(field: $0, message: "is not valid percent-encoded UTF-8") }
        query.filter = VersionRowFilter(
            agent: parameters["agent"], project: parameters["project"], status: parameters["status"],
            search: parameters["q"].flatMap { $0.isEmpty ? nil : $0 })
        if let status = query.filter.status, status != "active" && status != "idle" {
            errors.append(FieldError(field: "status", message: "must be active or idle"))
        }
        if let text = parameters["sort"] {
            if let sort = VersionSort(text: text) {
                query.sort = sort
            } else {
                let fields = VersionSort.Field.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError(field: "sort", message: "must be one of \(fields), with - for descending"))
            }
        }
        if let text = parameters["limit"] {
            if let limit = Int(text), (1...maximumLimit).contains(limit) {
                query.limit = limit
            } else {
                errors.append(FieldError(field: "limit", message: "must be an integer from 1 to \(maximumLimit)"))
            }
        }
        guard errors.isEmpty else { throw APIError.invalidQuery(errors) }
        if let text = parameters["cursor"] {
            guard let cursor = VersionCursor(token: text), cursor.sort == query.sort else {
                let message = "is not a cursor this server issued for this sort"
                throw APIError(
                    .badRequest, code: "invalid_cursor", message: "cursor: \(message)",
                    details: [FieldError(field: "cursor", message: message)])
            }
            query.cursor = cursor
        }
        return query
    }

    /// The query string for the page after `next`: the same filters, sort and limit, with its cursor.
    func nextQueryString(after next: VersionCursor) -> String {
        var parts: [String] = []
        if let limit { parts.append("limit=\(limit)") }
        if sort != .byName { parts.append("sort=" + sort.text) }
        for (name, value) in [
            ("agent", filter.agent), ("project", filter.project), ("status", filter.status), ("q", filter.search),
        ] {
            if let value { parts.append(name + "=" + QueryComponent.encode(value)) }
        }
        parts.append("cursor=" + next.token)
        return parts.joined(separator: "&")
    }
}
