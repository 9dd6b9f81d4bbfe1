extension HTTPRequest {
    /// The decoded query string; empty when the request has none.
    ///
    /// Parsed on each access (most handlers read it once), so keep the result rather than re-reading it.
    public var queryParameters: QueryParameters {
        QueryParameters(query.map { Substring($0) } ?? "")
    }
}
