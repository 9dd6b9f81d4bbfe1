import COpenSSL

/// Server-side ALPN choice: `http/1.1` when offered, otherwise no ALPN at all (never a failed handshake).
enum ALPNSelection {
    /// The protocols we speak, in ALPN wire format (length-prefixed names).
    static let supportedWireFormat: [UInt8] = [8] + Array("http/1.1".utf8)

    /// Body of the `SSL_CTX_set_alpn_select_cb` callback.
    static func select(
        _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
        _ outLength: UnsafeMutablePointer<UInt8>?,
        _ offered: UnsafePointer<UInt8>?,
        _ offeredLength: UInt32
    ) -> Int32 {
        guard let out, let outLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
        // The client's list goes in the "server" position so the chosen name points into `offered`, which OpenSSL
        // copies after we return; pointing into Swift array storage would not be guaranteed to stay valid.
        // With a single supported protocol the preference order this implies makes no difference.
        let status = supportedWireFormat.withUnsafeBufferPointer { supported in
            out.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 1) { selected in
                SSL_select_next_proto(
                    selected, outLength, offered, offeredLength,
                    supported.baseAddress, UInt32(supported.count))
            }
        }
        return status == OPENSSL_NPN_NEGOTIATED ? SSL_TLSEXT_ERR_OK : SSL_TLSEXT_ERR_NOACK
    }
}
