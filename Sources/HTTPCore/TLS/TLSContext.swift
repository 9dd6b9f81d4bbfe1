import COpenSSL

/// Owns the server `SSL_CTX` and hands out sessions from it.
///
/// `reload()` swaps in a freshly built context without disturbing live connections: each `SSL` holds its own
/// reference to the context it was created from (OpenSSL refcounts `SSL_CTX`), so an old context is freed only
/// when its last session is. A reload starts a new session cache (so session-ID resumption starts over) but keeps
/// the session-ticket keys, so ticket resumption survives it.
public final class TLSContext: Sendable {
    /// The paths every reload reads from.
    public let configuration: TLSConfiguration
    private let current: LockedSSLContext
    private let ticketKeys: TicketKeyStore

    /// Loads the certificate chain and key and checks that they match.
    public convenience init(configuration: TLSConfiguration) throws(TLSError) {
        try self.init(configuration: configuration, now: { ContinuousClock.now })
    }

    /// As `init(configuration:)`, with the clock that ticket-key rotation reads injected.
    init(configuration: TLSConfiguration, now: @escaping @Sendable () -> ContinuousClock.Instant) throws(TLSError) {
        self.configuration = configuration
        ticketKeys = try TicketKeyStore(period: configuration.ticketKeyRotationPeriod, now: now)
        current = LockedSSLContext(try SSLContextBuilder.build(configuration, ticketKeys: ticketKeys))
    }

    /// Builds a fresh context from the same paths (e.g. on SIGHUP). On failure the current context stays in use.
    /// Safe to call from any thread; does file I/O and key parsing, so keep it off the event loops.
    public func reload() throws(TLSError) {
        current.replace(with: try SSLContextBuilder.build(configuration, ticketKeys: ticketKeys))
    }

    /// Creates the server-side state for one new connection, using the newest context. Safe from any thread.
    /// Public for the TLS fuzz target (LoadTests/TLSFuzz), which drives sessions without a server.
    public func makeSession() throws(TLSError) -> TLSSession {
        let context = current.retainCurrent()
        // SSL_new takes its own reference, so ours is released whether or not it succeeds.
        defer { SSL_CTX_free(context) }
        return try TLSSession(context: context)
    }
}
