import HTTPCore

/// An API failure with exactly one HTTP status, rendered as
/// `{"error":{"code":"...","message":"...","details":[{"index":0,"field":"status","message":"..."}]}}`
/// (`details` only when there are any, `index` only for runs of a batch).
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPStatus
    /// Stable machine-readable code, e.g. `invalid_field`.
    public var code: String
    public var message: String
    /// Per-field problems; empty when the error is not about fields.
    public var details: [FieldError]
    /// Extra headers, e.g. `Retry-After` for `database_unavailable`.
    public var headers: HTTPHeaders

    public init(
        _ status: HTTPStatus,
        code: String,
        message: String,
        details: [FieldError] = [],
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The JSON error response (`JSONResponse.error`), with `details` when there are any.
    public var response: HTTPResponse {
        guard !details.isEmpty else {
            return JSONResponse.error(status, code: code, message: message, headers: headers)
        }
        var writer = JSONWriter(capacity: 16 + details.count * 64)
        writer.beginArray()
        for detail in details {
            writer.beginObject()
            if let index = detail.index {
                writer.key("index")
                writer.int(Int64(index))
            }
            writer.key("field")
            writer.string(detail.field)
            writer.key("message")
            writer.string(detail.message)
            writer.endObject()
        }
        writer.endArray()
        return JSONResponse.error(status, code: code, message: message, details: writer.bytes, headers: headers)
    }
}

extension APIError {
    /// Most runs a single `{"runs": [...]}` request may carry.
    public static let maximumRunsPerRequest = 10_000

    /// 400 `invalid_json`: the body is not JSON at all.
    public static func invalidJSON(_ error: JSONParseError) -> APIError {
        APIError(.badRequest, code: "invalid_json", message: "request body is not valid JSON: \(error)")
    }

    /// 400 `invalid_field`, listing every bad field.
    public static func invalidFields(_ details: [FieldError]) -> APIError {
        let message: String
        if details.count == 1, let only = details.first {
            let run = only.index.map { "runs[\($0)]." } ?? ""
            message = "\(run)\(only.field): \(only.message)"
        } else {
            message = "\(details.count) invalid fields"
        }
        return APIError(.badRequest, code: "invalid_field", message: message, details: details)
    }

    /// 400 `invalid_query`, listing every bad query parameter.
    public static func invalidQuery(_ details: [FieldError]) -> APIError {
        let message =
            details.count == 1 ? "\(details[0].field): \(details[0].message)" : "\(details.count) invalid parameters"
        return APIError(.badRequest, code: "invalid_query", message: message, details: details)
    }

    /// 400 `name_mismatch`: the body names a different agent than the path.
    public static func nameMismatch(path: String, body: String) -> APIError {
        APIError(
            .badRequest, code: "name_mismatch",
            message: "body name \"\(body)\" does not match the name in the path \"\(path)\"",
            details: [FieldError(field: "name", message: "must equal the path name \"\(path)\"")])
    }

    /// 413 `too_many_runs`.
    public static func tooManyRuns(_ count: Int) -> APIError {
        APIError(
            .payloadTooLarge, code: "too_many_runs",
            message: "\(count) runs in one request; the limit is \(maximumRunsPerRequest)")
    }

    /// 404 `not_found`.
    public static func notFound(_ message: String) -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    /// 409 `conflict`.
    public static func conflict(_ message: String) -> APIError {
        APIError(.conflict, code: "conflict", message: message)
    }

    /// 503 `database_unavailable` with `Retry-After: 1`, so clients back off briefly and retry.
    public static func databaseUnavailable(_ message: String = "the database is unavailable") -> APIError {
        APIError(
            .serviceUnavailable, code: "database_unavailable", message: message,
            headers: HTTPHeaders([("Retry-After", "1")]))
    }

    /// 400 `invalid_value`: the database refused a value of the request (never a 500: the value
    /// is the client's). The database's own message is included, cut to 200 bytes.
    public static func rejectedValue(_ message: String) -> APIError {
        let limit = 200
        let shown =
            message.utf8.count <= limit ? message : String(decoding: message.utf8.prefix(limit), as: UTF8.self) + "…"
        return APIError(
            .badRequest, code: "invalid_value", message: "the database refused a value in this request: \(shown)")
    }

    /// 503 `overloaded` with `Retry-After: 1`: too much database work is waiting already.
    public static func overloaded(_ message: String) -> APIError {
        APIError(
            .serviceUnavailable, code: "overloaded", message: "the server is overloaded: \(message)",
            headers: HTTPHeaders([("Retry-After", "1")]))
    }

    /// 500 `internal_error`. The message is generic on purpose: internals belong in the log.
    public static func internalError(_ message: String = "internal error") -> APIError {
        APIError(.internalServerError, code: "internal_error", message: message)
    }

    /// The one place a storage failure becomes an HTTP status. Duplicate keys are mapped to 409
    /// for callers that did not expect one; ingest handles them itself as re-sent runs.
    public init(_ storage: StorageError) {
        switch storage {
        case .unavailable: self = .databaseUnavailable()
        case .duplicateKey: self = .conflict("the record already exists")
        case .rejectedValue(let message): self = .rejectedValue(message)
        case .overloaded(let message): self = .overloaded(message)
        case .invalidData, .commandFailed: self = .internalError()
        }
    }
}
