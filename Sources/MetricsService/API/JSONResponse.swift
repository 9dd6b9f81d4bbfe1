import HTTPCore

/// Successful JSON responses.
enum JSONResponse {
    private static let headers = HTTPHeaders([("Content-Type", "application/json"), ("Cache-Control", "no-store")])

    /// `bytes` as an `application/json` response.
    static func make(_ status: HTTPStatus = .ok, _ bytes: [UInt8], headers extra: HTTPHeaders = HTTPHeaders())
        -> HTTPResponse
    {
        var headers = Self.headers
        for field in extra.fields { headers.add(name: field.name, value: field.value) }
        return HTTPResponse(status: status, headers: headers, body: bytes)
    }
}
