/// Every JSON response the servers write, successes and `{"error":{"code","message","details"?}}` failures alike,
/// so they share one set of headers (`Content-Type: application/json`, `Cache-Control: no-store`: answers describe
/// live state and carry no validators) and one error shape.
public enum JSONResponse {
    /// The headers of every JSON response, before a caller's own.
    public static let headers = HTTPHeaders([("Content-Type", "application/json"), ("Cache-Control", "no-store")])

    /// A response with `headers` written as wire lines once (`HTTPResponse.prepareHeaderLines`): most JSON answers add
    /// no header of their own, and each of those copies the lines rather than checking and writing the fields.
    private static let template: HTTPResponse = {
        var response = HTTPResponse(headers: headers)
        response.prepareHeaderLines()
        return response
    }()

    /// `body`, already JSON, as a response; `extra` headers are added after the common ones (a `Content-Type` or
    /// `Cache-Control` among them replaces the default).
    public static func make(_ status: HTTPStatus, _ body: [UInt8], headers extra: HTTPHeaders = HTTPHeaders())
        -> HTTPResponse
    {
        guard !extra.fields.isEmpty else {
            var response = template
            response.status = status
            response.body = body
            return response
        }
        var headers = Self.headers
        for field in extra.fields {
            if Self.headers[field.name] != nil {
                headers.replaceOrAdd(name: field.name, value: field.value)
            } else {
                headers.add(name: field.name, value: field.value)
            }
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// `{"error":{"code":code,"message":message}}`, with `,"details":details` before the closing braces when
    /// `details` (an already rendered JSON value) is given.
    public static func error(
        _ status: HTTPStatus, code: String, message: String, details: [UInt8]? = nil,
        headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var body: [UInt8] = []
        body.reserveCapacity(40 + code.utf8.count + message.utf8.count + (details?.count ?? 0))
        body.append(contentsOf: #"{"error":{"code":"#.utf8)
        JSONString.append(code, to: &body)
        body.append(contentsOf: #","message":"#.utf8)
        JSONString.append(message, to: &body)
        if let details {
            body.append(contentsOf: #","details":"#.utf8)
            body.append(contentsOf: details)
        }
        body.append(contentsOf: "}}".utf8)
        return make(status, body, headers: headers)
    }
}
