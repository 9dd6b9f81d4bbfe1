/// Size limits the request parser enforces, each mapping to its own status (431, 414, 413).
public struct HTTPParserLimits: Sendable {
    /// The largest request head (request line, header lines and the blank line), and separately the largest
    /// chunked trailer section, in bytes.
    public var maxHeaderBytes: Int = 16 * 1024
    /// The longest request target (path and query), in bytes.
    public var maxURIBytes: Int = 8 * 1024
    /// The largest body, declared by `Content-Length` or summed over chunks, in bytes.
    public var maxBodyBytes: Int = 8 * 1024 * 1024

    /// Creates limits; every argument has a server-sensible default.
    public init(
        maxHeaderBytes: Int = 16 * 1024,
        maxURIBytes: Int = 8 * 1024,
        maxBodyBytes: Int = 8 * 1024 * 1024
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxURIBytes = maxURIBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
