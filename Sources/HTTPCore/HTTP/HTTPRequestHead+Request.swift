extension HTTPRequestHead {
    /// The complete request handed to a responder, once the connection has collected the whole body.
    /// Consuming, so the connection's head moves its strings and headers into the request instead of copying.
    public consuming func makeRequest(body: consuming [UInt8]) -> HTTPRequest {
        HTTPRequest(method: method, path: path, query: query, version: version, headers: headers, body: body)
    }
}
