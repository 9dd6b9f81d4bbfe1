import HTTPCore

/// A page asset compiled into the binary, with a strong `ETag` hashed from its bytes once, when built.
///
/// `If-None-Match` naming the tag, or `*` (the asset always exists), is answered `304 Not Modified`
/// with the same validator and caching headers and no body (RFC 9110 §13.1.2, §15.4.5).
struct DashboardAsset: Sendable {
    let response: HTTPResponse
    let notModified: HTTPResponse
    let tag: EntityTag

    init(_ response: HTTPResponse) {
        tag = EntityTag(hashing: response.body)
        var response = response
        response.headers.add(name: "ETag", value: tag.value)
        response.prepareHeaderLines()
        self.response = response
        var notModified = HTTPResponse(status: .notModified, headers: response.headers)
        notModified.prepareHeaderLines()
        self.notModified = notModified
    }

    /// The asset, or `304` when the request's `If-None-Match` matches it.
    @Sendable func answer(_ request: HTTPRequest) -> HTTPResponse {
        let conditions = request.headers.values("If-None-Match")
        guard !conditions.isEmpty, tag.matches(ifNoneMatch: conditions.joined(separator: ",")) else {
            return response
        }
        return notModified
    }
}
