/// A rendered response that can also be sent gzip-encoded, compressed at most once however often it is sent: what
/// a cache of rendered responses keeps, so each render is compressed once, and only if some client asks.
///
/// Bodies of at most `threshold` bytes are always sent as they are (compression would gain little and cost a
/// header); larger ones vary with `Accept-Encoding`, and say so with `Vary: Accept-Encoding` in both forms.
public final class CompressibleResponse: Sendable {
    /// Bodies up to this many bytes are never compressed.
    public static let threshold = 1024

    /// The response as rendered, with `Vary` added when the body is over the threshold.
    public let identity: HTTPResponse
    private let gzip = LockedValue<HTTPResponse?>(nil)

    public init(_ response: HTTPResponse) {
        var identity = response
        if response.body.count > Self.threshold { identity.headers.add(name: "Vary", value: "Accept-Encoding") }
        identity.prepareHeaderLines()
        self.identity = identity
    }

    /// The response for a client that does (`acceptsGzip`) or does not accept gzip.
    public func response(acceptsGzip: Bool) -> HTTPResponse {
        guard acceptsGzip, identity.body.count > Self.threshold else { return identity }
        if let compressed = gzip.withLock({ $0 }) { return compressed }
        // Two first readers may both compress; either result is the same bytes.
        var compressed = identity
        if let body = Gzip.compress(identity.body), body.count < identity.body.count {
            compressed.body = body
            compressed.headers.add(name: "Content-Encoding", value: "gzip")
            compressed.prepareHeaderLines()
        }
        gzip.withLock { $0 = compressed }
        return compressed
    }

    /// The response for `request`, by its `Accept-Encoding`.
    public func response(for request: HTTPRequest) -> HTTPResponse {
        response(acceptsGzip: identity.body.count > Self.threshold && AcceptEncoding.allowsGzip(request.headers))
    }
}
