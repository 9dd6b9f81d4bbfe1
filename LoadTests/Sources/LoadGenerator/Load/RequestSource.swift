/// A request ready for the wire, with what the worker hands back when its response arrives.
public struct PreparedRequest {
    /// The serialized request (head and body). Shared, not copied, when a source reuses it.
    public var bytes: [UInt8]
    /// Index into the scenario's endpoint labels, for per-endpoint latency.
    public var label: Int
    /// Opaque to the worker; given back to the source with the response.
    public var token: Int

    public init(bytes: [UInt8], label: Int, token: Int = 0) {
        self.bytes = bytes
        self.label = label
        self.token = token
    }
}

/// What a scenario sends. One instance per worker thread, used only on that worker's loop.
public protocol RequestSource: AnyObject {
    /// Whether responses' bodies must be kept (only sources that read them, like ingest's acknowledgements).
    var capturesBodies: Bool { get }
    /// The next request to send.
    func nextRequest() -> PreparedRequest
    /// The response to the request that carried `token`, or nil when it failed (timeout, reset).
    func complete(token: Int, response: ParsedResponse?, statistics: inout LoadStatistics)
}
