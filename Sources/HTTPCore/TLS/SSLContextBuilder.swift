import COpenSSL

/// Builds a configured server `SSL_CTX` from a `TLSConfiguration`: nothing a TLS scanner grades as weak.
enum SSLContextBuilder {
    /// TLS 1.2 suites: forward secrecy (ECDHE) and AEAD only, in the server's order of preference (Mozilla's
    /// intermediate list without the DHE suites, whose finite-field groups we do not offer).
    static let tls12CipherList =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
    /// TLS 1.3 suites: the three every client has, named explicitly so a system-wide OpenSSL configuration cannot
    /// add `TLS_AES_128_CCM_8_SHA256` with its truncated tag.
    static let tls13CipherSuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
    /// Key exchange groups (Mozilla's intermediate profile): no X448 or secp521r1, no finite-field groups.
    static let groups = "X25519:P-256:P-384"
    /// Ties cached sessions to this server, so a session from another application sharing a cache is refused.
    static let sessionIDContext = Array("agent-metrics".utf8)

    /// Returns a new context holding one reference owned by the caller. `ticketKeys` is shared, not copied.
    static func build(_ configuration: TLSConfiguration, ticketKeys: TicketKeyStore) throws(TLSError) -> OpaquePointer {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError.draining("SSL_CTX_new")
        }
        do {
            try configureProtocol(context)
            try configureResumption(context, configuration, ticketKeys)
            try loadCredentials(context, configuration)
            return context
        } catch {
            SSL_CTX_free(context)
            throw error
        }
    }

    private static func configureProtocol(_ context: OpaquePointer) throws(TLSError) {
        guard copenssl_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1,
            copenssl_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1
        else {
            throw TLSError.draining("setting protocol versions")
        }
        // Level 2: at least 112-bit security, so no RSA keys under 2048 bits and no SHA-1 signatures.
        SSL_CTX_set_security_level(context, 2)
        guard SSL_CTX_set_cipher_list(context, tls12CipherList) == 1 else {
            throw TLSError.draining("setting cipher list")
        }
        guard SSL_CTX_set_ciphersuites(context, tls13CipherSuites) == 1 else {
            throw TLSError.draining("setting TLS 1.3 cipher suites")
        }
        guard copenssl_CTX_set1_groups_list(context, groups) == 1 else {
            throw TLSError.draining("setting key exchange groups")
        }
        _ = copenssl_CTX_set_options(
            context,
            copenssl_OP_NO_COMPRESSION() | copenssl_OP_NO_RENEGOTIATION() | copenssl_OP_CIPHER_SERVER_PREFERENCE())
        // Memory BIOs never block, so partial and moving writes only matter for retries; RELEASE_BUFFERS frees
        // OpenSSL's record buffers (~34 KiB) whenever a connection is idle.
        _ = copenssl_CTX_set_mode(
            context,
            Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_RELEASE_BUFFERS))
        SSL_CTX_set_alpn_select_cb(
            context,
            { _, out, outLength, offered, offeredLength, _ in
                ALPNSelection.select(out, outLength, offered, offeredLength)
            },
            nil)
    }

    /// Session tickets under rotating keys, plus a server-side cache for TLS 1.2 clients that send no tickets.
    private static func configureResumption(
        _ context: OpaquePointer, _ configuration: TLSConfiguration, _ ticketKeys: TicketKeyStore
    ) throws(TLSError) {
        _ = copenssl_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_SERVER))
        _ = copenssl_CTX_sess_set_cache_size(context, configuration.sessionCacheSize)
        _ = SSL_CTX_set_timeout(context, max(1, Int(configuration.ticketKeyRotationPeriod.components.seconds)))
        guard SSL_CTX_set_session_id_context(context, sessionIDContext, UInt32(sessionIDContext.count)) == 1 else {
            throw TLSError.draining("setting the session ID context")
        }
        try SessionTicketCallback.install(ticketKeys, on: context)
    }

    private static func loadCredentials(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
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
