import HTTPCore
import Logging

/// Turns a handler that throws `APIError`/`StorageError` into a router handler, so each failure
/// becomes its one HTTP status here rather than in every route.
struct APIHandler: Sendable {
    let logger: Logger

    /// Wraps `body`; anything that is neither an `APIError` nor a `StorageError` is a 500 whose
    /// details go to the log only.
    ///
    /// - Parameter checkingJSONBody: refuse bodies that are not plain JSON (`checkContentType`,
    ///   `checkContentEncoding`); off for routes that read other encodings themselves (`/v1/traces`).
    func wrap(
        checkingJSONBody: Bool = true, _ body: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) -> HTTPHandler {
        let logger = self.logger
        return { request in
            do {
                if checkingJSONBody {
                    try Self.checkContentType(request)
                    try Self.checkContentEncoding(request)
                }
                return try await body(request)
            } catch let error as APIError {
                return error.response
            } catch let error as StorageError {
                let mapped = APIError(error)
                if mapped.status.code >= 500 {
                    logger.warning(
                        "storage failure",
                        metadata: [
                            "request.id": "\(request.requestID)", "request.path": "\(request.path)",
                            "storage.error": "\(error)",
                        ])
                }
                return mapped.response
            } catch let error as HTTPError {
                return error.response
            } catch {
                logger.error(
                    "handler failed",
                    metadata: [
                        "request.id": "\(request.requestID)", "request.path": "\(request.path)", "error": "\(error)",
                    ])
                return APIError.internalError().response
            }
        }
    }

    /// A `POST` must declare JSON or nothing: a page on any site can send a cross-site `text/plain`, form or
    /// multipart post without a CORS preflight, so refusing those types keeps other sites from writing here.
    /// Checked even for an empty body, since registering an agent needs none. A missing header is accepted
    /// for clients that never set one.
    static func checkContentType(_ request: HTTPRequest) throws(APIError) {
        guard request.method == "POST" else { return }
        // The fields are walked in place: `values(_:)` would build an array on every ingest request.
        for field in request.headers.fields
        where field.name.utf8.elementsEqualIgnoringASCIICase("Content-Type".utf8) && !JSONMediaType.matches(field.value)
        {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "The request body must be JSON; send Content-Type: application/json")
        }
    }

    /// Bodies are read as plain JSON; a compressed body would only fail later as "invalid JSON",
    /// which hides the real problem from the client.
    static func checkContentEncoding(_ request: HTTPRequest) throws(APIError) {
        guard let encoding = request.headers["Content-Encoding"] else { return }
        let trimmed = encoding.trimmingSpaces.lowercased()
        guard trimmed.isEmpty || trimmed == "identity" else {
            throw APIError(
                .badRequest, code: "unsupported_encoding",
                message: "Content-Encoding \"\(encoding)\" is not supported; send the body uncompressed",
                details: [FieldError(field: "Content-Encoding", message: "must be identity or absent")])
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var view = Substring(self)
        while view.first == " " || view.first == "\t" { view = view.dropFirst() }
        while view.last == " " || view.last == "\t" { view = view.dropLast() }
        return view
    }
}
