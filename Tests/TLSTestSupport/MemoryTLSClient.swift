import COpenSSL

/// The client end of a TLS connection over memory BIOs, stepped by hand: HTTPCore's tests and the TLS fuzz target
/// talk to a server `TLSSession` through it without sockets. The caller keeps `context` alive (OpenSSL holds a
/// reference of its own while the connection lives).
public final class MemoryTLSClient {
    /// The connection, for the caller's own OpenSSL calls (handshake steps, session and ALPN queries).
    public let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer
    /// Whether `read` has met the server's close_notify.
    public private(set) var receivedCloseNotify = false

    /// A connection in the client state that offers `alpn` and, when given, resumes `session`.
    public init(context: OpaquePointer, alpn: [String], session: OpaquePointer?) {
        ssl = SSL_new(context)!
        readBIO = BIO_new(BIO_s_mem())!
        writeBIO = BIO_new(BIO_s_mem())!
        _ = copenssl_BIO_set_mem_eof_return(readBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_connect_state(ssl)
        if let session { _ = SSL_set_session(ssl, session) }
        if !alpn.isEmpty {
            let wire = alpn.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
            _ = SSL_set_alpn_protos(ssl, wire, UInt32(wire.count))
        }
    }

    deinit {
        SSL_free(ssl)
    }

    /// Ciphertext from the server, for the next handshake step or `read`.
    public func receive(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        _ = BIO_write(readBIO, bytes, Int32(bytes.count))
    }

    /// The ciphertext this client has produced since the last call.
    public func takeCiphertext() -> [UInt8] {
        let pending = Int(copenssl_BIO_pending(writeBIO))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        _ = BIO_read(writeBIO, &bytes, Int32(pending))
        return bytes
    }

    /// Encrypts all of `bytes` (after the handshake).
    public func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            precondition(written > 0, "client SSL_write failed")
            offset += Int(written)
        }
    }

    /// Decrypts everything buffered (also processing TLS 1.3 session tickets).
    public func read() -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            ERR_clear_error()
            let count = SSL_read(ssl, &chunk, Int32(chunk.count))
            if count > 0 {
                result += chunk[..<Int(count)]
                continue
            }
            if SSL_get_error(ssl, count) == SSL_ERROR_ZERO_RETURN { receivedCloseNotify = true }
            ERR_clear_error()
            return result
        }
    }
}
