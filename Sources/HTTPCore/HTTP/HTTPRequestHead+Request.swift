extension HTTPRequestHead {
    /// The complete request handed to a responder, once the connection has collected the whole body.
    public func makeRequest(body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: method, path: path, query: query, version: version, headers: headers, body: body)
    }
}
