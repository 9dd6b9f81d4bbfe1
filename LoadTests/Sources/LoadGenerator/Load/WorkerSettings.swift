/// What one worker thread does, derived from the run's configuration.
public struct WorkerSettings: Sendable {
    /// Connections this worker opens.
    public var connections: Int
    /// Requests outstanding per connection (1 = no pipelining).
    public var pipeline: Int = 1
    /// This worker's share of an open-loop rate (requests/s); nil for a closed loop.
    public var rate: Double?
    /// A request with no complete response after this long fails as `timeout` (nanoseconds).
    public var timeout: UInt64 = 10_000_000_000
    /// A connect (and TLS handshake) taking longer than this fails as `connect` (nanoseconds).
    public var connectTimeout: UInt64 = 5_000_000_000
    /// `connections` scenario: send one request per connection, then hold it idle; never reconnect.
    public var holdIdle = false
    /// Number of endpoint labels (per-label histograms when more than one).
    public var labels: Int = 1

    public init(connections: Int) {
        self.connections = connections
    }
}
