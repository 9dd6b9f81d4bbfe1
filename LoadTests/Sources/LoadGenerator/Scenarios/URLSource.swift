/// `url`: the same pre-serialized GET, over and over, like wrk.
public final class URLSource: RequestSource {
    private let request: PreparedRequest

    public init(url: TargetURL) {
        request = PreparedRequest(bytes: RequestBuilder.get(url.pathAndQuery, headers: url.fixedHeaders), label: 0)
    }

    public var capturesBodies: Bool { false }

    @inline(__always)
    public func nextRequest() -> PreparedRequest { request }

    public func complete(token: Int, response: ParsedResponse?, statistics: inout LoadStatistics) {}
}
