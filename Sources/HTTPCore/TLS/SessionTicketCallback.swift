import COpenSSL

/// Seals and opens session tickets with the keys of a `TicketKeyStore`, through OpenSSL's
/// `SSL_CTX_set_tlsext_ticket_key_evp_cb`, so keys rotate on our schedule instead of living as long as the
/// `SSL_CTX` (OpenSSL's built-in key never changes).
enum SessionTicketCallback {
    /// The `SSL_CTX` ex_data slot holding a retained `TicketKeyStore`, released when the context is freed.
    private static let storeIndex: Int32 = CRYPTO_get_ex_new_index(
        CRYPTO_EX_INDEX_SSL_CTX, 0, nil, nil, nil,
        { _, pointer, _, _, _, _ in
            guard let pointer else { return }
            Unmanaged<TicketKeyStore>.fromOpaque(pointer).release()
        })

    /// Makes `context` seal and open tickets with `store`'s keys; the context keeps `store` alive.
    static func install(_ store: TicketKeyStore, on context: OpaquePointer) throws(TLSError) {
        guard storeIndex >= 0 else { throw TLSError.draining("allocating the ticket key ex_data index") }
        let retained = Unmanaged.passRetained(store).toOpaque()
        guard SSL_CTX_set_ex_data(context, storeIndex, retained) == 1 else {
            Unmanaged<TicketKeyStore>.fromOpaque(retained).release()
            throw TLSError.draining("attaching the ticket key store")
        }
        guard
            SSL_CTX_set_tlsext_ticket_key_evp_cb(
                context,
                { ssl, name, iv, cipher, mac, encrypt in
                    SessionTicketCallback.handle(ssl, name, iv, cipher, mac, encrypt: encrypt == 1)
                }) == 1
        else {
            throw TLSError.draining("installing the session ticket callback")
        }
    }

    /// The callback's contract: sealing returns 1 (or -1 to send no ticket); opening returns 1 to resume, 2 to
    /// resume and reissue the ticket under the current key, 0 for an unknown key (full handshake), -1 on error.
    private static func handle(
        _ ssl: OpaquePointer?,
        _ name: UnsafeMutablePointer<UInt8>?,
        _ iv: UnsafeMutablePointer<UInt8>?,
        _ cipher: OpaquePointer?,
        _ mac: OpaquePointer?,
        encrypt: Bool
    ) -> Int32 {
        guard let ssl, let name, let iv, let cipher, let mac,
            let raw = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), storeIndex)
        else { return -1 }
        let store = Unmanaged<TicketKeyStore>.fromOpaque(raw).takeUnretainedValue()
        let ivLength = Int32(EVP_CIPHER_get_iv_length(EVP_aes_256_cbc()))
        if encrypt {
            guard let key = try? store.encryptionKey(), RAND_bytes(iv, ivLength) == 1 else { return -1 }
            key.name.withUnsafeBufferPointer { name.update(from: $0.baseAddress!, count: TicketKey.nameLength) }
            guard EVP_EncryptInit_ex(cipher, EVP_aes_256_cbc(), nil, key.aesKey, iv) == 1,
                setHMACKey(key.hmacKey, on: mac)
            else { return -1 }
            return 1
        }
        let lookup = store.decryptionKey(named: UnsafeBufferPointer(start: name, count: TicketKey.nameLength))
        let key: TicketKey
        let result: Int32
        switch lookup {
        case .unknown: return 0
        case .current(let found): (key, result) = (found, 1)
        case .previous(let found): (key, result) = (found, 2)
        }
        guard setHMACKey(key.hmacKey, on: mac),
            EVP_DecryptInit_ex(cipher, EVP_aes_256_cbc(), nil, key.aesKey, iv) == 1
        else { return -1 }
        return result
    }

    /// Keys the ticket's HMAC-SHA256.
    private static func setHMACKey(_ key: [UInt8], on mac: OpaquePointer) -> Bool {
        // Parameter names must outlive the OSSL_PARAM array; static strings do.
        let keyName = UnsafeRawPointer(StaticString("key").utf8Start).assumingMemoryBound(to: CChar.self)
        let digestName = UnsafeRawPointer(StaticString("digest").utf8Start).assumingMemoryBound(to: CChar.self)
        let digest = UnsafeMutableRawPointer(mutating: StaticString("SHA256").utf8Start)
            .assumingMemoryBound(to: CChar.self)
        return key.withUnsafeBytes { keyBytes in
            var parameters = [
                OSSL_PARAM_construct_octet_string(
                    keyName, UnsafeMutableRawPointer(mutating: keyBytes.baseAddress), keyBytes.count),
                OSSL_PARAM_construct_utf8_string(digestName, digest, 0),
                OSSL_PARAM_construct_end(),
            ]
            return EVP_MAC_CTX_set_params(mac, &parameters) == 1
        }
    }
}
