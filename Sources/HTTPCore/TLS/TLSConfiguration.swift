/// TLS settings, built in `Main` from flags.
public struct TLSConfiguration: Sendable {
    /// PEM file holding the server certificate followed by any intermediates; the whole chain is served.
    public var certificatePath: String
    /// PEM file holding the private key matching the certificate.
    public var keyPath: String
    /// How long a connection may take to complete its handshake; enforced by the connection, not by `TLSSession`.
    public var handshakeTimeout: Duration
    /// How long a session-ticket key seals new tickets; it then opens old ones for one more period and is dropped.
    /// Also the lifetime of a session, ticket or cached, so every ticket stays openable for as long as it lives.
    public var ticketKeyRotationPeriod: Duration
    /// How many sessions the server-side cache keeps for session-ID resumption (clients without tickets).
    public var sessionCacheSize: Int

    /// Creates a configuration.
    ///
    /// One hour of rotation means no ticket key exists for more than two hours, while a client coming back
    /// within the hour still skips the full handshake. 10,000 cached sessions, at an estimated 1 KiB or less
    /// each (not measured), bound the cache near 10 MiB; OpenSSL evicts the oldest when it is full.
    public init(
        certificatePath: String,
        keyPath: String,
        handshakeTimeout: Duration = .seconds(10),
        ticketKeyRotationPeriod: Duration = .seconds(3600),
        sessionCacheSize: Int = 10_000
    ) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.handshakeTimeout = handshakeTimeout
        self.ticketKeyRotationPeriod = ticketKeyRotationPeriod
        self.sessionCacheSize = sessionCacheSize
    }
}
