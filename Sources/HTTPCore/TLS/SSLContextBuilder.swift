import COpenSSL

/// Builds a configured server `SSL_CTX` from a `TLSConfiguration`.
enum SSLContextBuilder {
    /// TLS 1.2 suites: forward secrecy (ECDHE) and AEAD only. TLS 1.3 suites are all acceptable as OpenSSL ships them.
    static let tls12CipherList =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

    /// Returns a new context holding one reference owned by the caller.
    static func build(_ configuration: TLSConfiguration) throws(TLSError) -> OpaquePointer {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError.draining("SSL_CTX_new")
        }
        do {
            try configure(context, configuration)
            return context
        } catch {
            SSL_CTX_free(context)
            throw error
        }
    }

    private static func configure(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
        guard copenssl_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TLSError.draining("setting minimum protocol version")
        }
        guard SSL_CTX_set_cipher_list(context, tls12CipherList) == 1 else {
            throw TLSError.draining("setting cipher list")
        }
        _ = copenssl_CTX_set_options(
            context,
            copenssl_OP_NO_COMPRESSION() | copenssl_OP_NO_RENEGOTIATION() | copenssl_OP_CIPHER_SERVER_PREFERENCE())
        // Memory BIOs never block, so partial and moving writes only matter for retries; RELEASE_BUFFERS frees
        // OpenSSL's record buffers (~34 KiB) whenever a connection is idle.
        _ = copenssl_CTX_set_mode(
            context,
            Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_RELEASE_BUFFERS))
        _ = copenssl_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_SERVER))
        SSL_CTX_set_alpn_select_cb(
            context,
            { _, out, outLength, offered, offeredLength, _ in
                ALPNSelection.select(out, outLength, offered, offeredLength)
            },
            nil)

        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            throw TLSError.draining("loading certificate chain from \(configuration.certificatePath)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.keyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.draining("loading private key from \(configuration.keyPath)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.draining("private key \(configuration.keyPath) does not match certificate")
        }
    }
}
