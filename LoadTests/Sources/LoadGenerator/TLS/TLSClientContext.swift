import COpenSSL
import HTTPCore

/// The client `SSL_CTX` shared by every connection of a run.
public final class TLSClientContext: @unchecked Sendable {
    // Safety: the context is configured in `init` and only read afterwards; OpenSSL documents `SSL_new` on a
    // shared, no-longer-modified `SSL_CTX` as thread-safe.
    let context: OpaquePointer
    /// The name sent as SNI and, unless insecure, checked against the certificate.
    public let serverName: String
    let verifies: Bool

    /// `insecure` skips certificate verification (self-signed test certificates); otherwise the system trust
    /// store plus `caFile` (if given) must vouch for a certificate naming `serverName`.
    public init(serverName: String, insecure: Bool, caFile: String? = nil) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSError(reason: "SSL_CTX_new failed") }
        self.context = context
        self.serverName = serverName
        verifies = !insecure
        _ = copenssl_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        _ = copenssl_CTX_set_mode(context, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE))
        let alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        _ = SSL_CTX_set_alpn_protos(context, alpn, UInt32(alpn.count))
        if insecure {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            _ = SSL_CTX_set_default_verify_paths(context)
            if let caFile, SSL_CTX_load_verify_locations(context, caFile, nil) != 1 {
                SSL_CTX_free(context)
                throw TLSError(reason: "cannot load CA file \(caFile)")
            }
        }
    }

    deinit { SSL_CTX_free(context) }

    /// A fresh session for one connection.
    func makeSession() throws(TLSError) -> TLSClientSession {
        try TLSClientSession(context: self)
    }
}
