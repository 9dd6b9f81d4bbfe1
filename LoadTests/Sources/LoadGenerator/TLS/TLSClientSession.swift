import COpenSSL
import HTTPCore

/// One connection's client-side TLS state over memory BIOs: the connection moves ciphertext between the
/// socket and OpenSSL, so TLS never owns the descriptor (the server's `TLSSession`, mirrored for clients).
///
/// Not `Sendable`: used only on its connection's loop thread.
final class TLSClientSession {
    enum Outcome: Equatable {
        /// Needs more ciphertext from the peer.
        case wantRead
        /// The peer sent close_notify.
        case closed
        case failed(String)
    }

    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer

    init(context: TLSClientContext) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.context) else { throw TLSError(reason: "SSL_new failed") }
        guard let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSError(reason: "BIO_new failed")
        }
        // An empty read BIO must mean "retry later", not end of stream.
        _ = copenssl_BIO_set_mem_eof_return(readBIO, -1)
        _ = copenssl_BIO_set_mem_eof_return(writeBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_connect_state(ssl)
        // SNI (SSL_set_tlsext_host_name is a macro over SSL_ctrl); not for IP literals, as browsers do.
        if !context.serverName.contains(where: { $0 == ":" })
            && !context.serverName.allSatisfy({ $0.isNumber || $0 == "." })
        {
            _ = context.serverName.withCString {
                SSL_ctrl(
                    ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name),
                    UnsafeMutableRawPointer(mutating: $0))
            }
        }
        if context.verifies { _ = SSL_set1_host(ssl, context.serverName) }
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
    }

    deinit { SSL_free(ssl) }

    var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Advances the handshake; returns nil once it is complete.
    func handshake() -> Outcome? {
        if isHandshakeComplete { return nil }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return nil }
        return outcome(SSL_get_error(ssl, result), "SSL_do_handshake")
    }

    /// Hands bytes read from the socket to OpenSSL.
    func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = BIO_write(readBIO, base, Int32(clamping: bytes.count))
    }

    /// Decrypts into `scratch` repeatedly, calling `onPlaintext` with each piece, until OpenSSL needs more input.
    func readPlaintext(scratch: UnsafeMutableRawBufferPointer, _ onPlaintext: (UnsafeRawBufferPointer) -> Bool)
        -> Outcome
    {
        if let pending = handshake() { return pending }
        while true {
            ERR_clear_error()
            let result = SSL_read(ssl, scratch.baseAddress, Int32(clamping: scratch.count))
            if result > 0 {
                if !onPlaintext(UnsafeRawBufferPointer(rebasing: scratch[..<Int(result)])) { return .wantRead }
                continue
            }
            return outcome(SSL_get_error(ssl, result), "SSL_read")
        }
    }

    /// Encrypts `bytes`; the records wait in the write BIO for `takeCiphertext`.
    func writePlaintext(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let result = SSL_write(ssl, bytes.baseAddress! + offset, Int32(clamping: bytes.count - offset))
            guard result > 0 else { return false }
            offset += Int(result)
        }
        return true
    }

    /// Appends pending ciphertext to `output`.
    func takeCiphertext(into output: inout [UInt8]) {
        let pending = Int(copenssl_BIO_pending(writeBIO))
        guard pending > 0 else { return }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: pending))
        let read = output.withUnsafeMutableBufferPointer { BIO_read(writeBIO, $0.baseAddress! + start, Int32(pending)) }
        if Int(read) < pending { output.removeLast(pending - max(Int(read), 0)) }
    }

    private func outcome(_ code: Int32, _ operation: String) -> Outcome {
        switch code {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .wantRead
        case SSL_ERROR_ZERO_RETURN: return .closed
        default:
            let detail = ERR_get_error()
            var text = "\(operation) failed (\(code))"
            if detail != 0 {
                text += withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
                    ERR_error_string_n(detail, buffer.baseAddress, buffer.count)
                    return ": " + String(cString: buffer.baseAddress!)
                }
            }
            ERR_clear_error()
            return .failed(text)
        }
    }
}
