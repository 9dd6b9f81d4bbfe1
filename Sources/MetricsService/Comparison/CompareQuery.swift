import HTTPCore

/// The validated query string of `GET /api/v1/ui/compare`: `?agent=&base=&candidate=&since=`.
public struct CompareQuery: Sendable, Hashable {
    /// An agent name or id, as the client sent it.
    public var agent: String
    /// The version compared against.
    public var base: String
    /// The version judged.
    public var candidate: String
    /// Only runs created since this instant, rounded down to its UTC hour (the buckets' resolution); nil for
    /// every run.
    public var sinceMs: Int64?

    /// Validates the parameters, reporting every bad one at once as 400 `invalid_query`.
    public static func decode(_ parameters: QueryParameters) throws(APIError) -> CompareQuery {
        var errors = parameters.undecodable.map { FieldError(field: $0, message: "is not valid percent-encoded UTF-8") }
        func required(_ name: String) -> String {
            guard let text = parameters[name] else {
                errors.append(FieldError(field: name, message: "is required"))
                return ""
            }
            if text.isEmpty {
                errors.append(FieldError(field: name, message: "must not be empty"))
            } else if FieldBounds.containsNUL(text) {
                errors.append(FieldError(field: name, message: FieldBounds.nulText))
            }
            return text
        }
        let agent = required("agent")
        let base = required("base")
        let candidate = required("candidate")
        var sinceMs: Int64?
        if let text = parameters["since"] {
            do {
                // A window starting in the future is merely empty: every metric is `insufficient_data`.
                sinceMs = BucketWidth.hour.start(of: try FieldBounds.parseDate(text))
            } catch {
                errors.append(FieldError(field: "since", message: error.message))
            }
        }
        guard errors.isEmpty else { throw APIError.invalidQuery(errors) }
        return CompareQuery(agent: agent, base: base, candidate: candidate, sinceMs: sinceMs)
    }
}
