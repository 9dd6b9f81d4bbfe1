/// A complete response as the generator sees it.
public struct ParsedResponse: Sendable, Equatable {
    public var status: Int
    /// Whether the connection must be closed after this response.
    public var closes: Bool
    /// The body, only when the stream was asked to capture bodies.
    public var body: [UInt8]
    /// The `rel="next"` link, if the response had one.
    public var nextLink: String?
    /// Bytes of the whole response on the wire.
    public var size: Int
}
