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

    /// Validates the parameters against `nowMs`, reporting every bad one at once as 400 `invalid_query`.
    public static func decode(_ parameters: QueryParameters, nowMs: Int64) throws(APIError) -> CompareQuery {
        var errors = parameters.undecodable.map { FieldError(field: $0, message: "is not valid percent-encoded UTF-8") }
        var values: [String: String] = [:]
        for name in ["agent", "base", "candidate"] {
            guard let text = parameters[name] else {
                errors.append(FieldError(field: name, message: "is required"))
                continue
            }
            if text.isEmpty {
                errors.append(FieldError(field: name, message: "must not be empty"))
            } else if FieldBounds.containsNUL(text) {
                errors.append(FieldError(field: name, message: FieldBounds.nulText))
            } else {
                values[name] = text
            }
        }
        var sinceMs: Int64?
        if let text = parameters["since"] {
            do {
                let since = try FieldBounds.parseDate(text)
                if since > nowMs {
                    errors.append(FieldError(field: "since", message: "must not be in the future"))
                } else {
                    sinceMs = BucketWidth.hour.start(of: since)
                }
            } catch {
                errors.append(FieldError(field: "since", message: error.message))
            }
        }
        guard errors.isEmpty else { throw APIError.invalidQuery(errors) }
        return CompareQuery(
            agent: values["agent"]!, base: values["base"]!, candidate: values["candidate"]!, sinceMs: sinceMs)
    }
}
