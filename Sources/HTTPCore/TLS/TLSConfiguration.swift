/// TLS settings, built in `Main` from flags.
public struct TLSConfiguration: Sendable {
    /// PEM file holding the server certificate followed by any intermediates.
    public var certificatePath: String
    /// PEM file holding the private key matching the certificate.
    public var keyPath: String
    /// How long a connection may take to complete its handshake; enforced by the connection, not by `TLSSession`.
    public var handshakeTimeout: Duration

    /// Creates a configuration.
    public init(certificatePath: String, keyPath: String, handshakeTimeout: Duration = .seconds(10)) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.handshakeTimeout = handshakeTimeout
    }
}
