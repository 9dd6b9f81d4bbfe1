import COpenSSL

/// One connection's server-side TLS state.
///
/// OpenSSL reads ciphertext from one memory BIO and writes into another; the connection moves bytes between those
/// and the socket, so TLS never owns the file descriptor. After every `readPlaintext(into:)`, `writePlaintext(_:)`
/// or `shutdown()`, check `hasPendingCiphertext`: handshake replies, TLS 1.3 session tickets and alerts are
/// produced while *reading*.
///
/// The thread's OpenSSL error queue is emptied after a failed call (`TLSError.draining` pops it), not before
/// every call: `SSL_get_error` needs it empty, and nothing here leaves entries behind (the one exception, the
/// handshake's callbacks, is cleared once when the handshake completes). Per-record control calls are avoided:
/// no read is attempted when no ciphertext waits, and buffer-size checks run only after large transfers.
///
/// Not `Sendable`: used only on the connection's loop thread.
public final class TLSSession {
    private enum State: Equatable {
        case active
        case closed
        case failed(TLSError)
    }

    /// Memory BIOs whose buffer grew past this are replaced once drained: `BIO_s_mem` never gives memory back, so
    /// one large response would otherwise stay resident for the life of an idle keep-alive connection.
    private static let retainedBufferLimit = 4096

    private let ssl: OpaquePointer
    /// Owned by `ssl` (via `SSL_set_bio`); kept here only to feed and drain it.
    private var readBIO: OpaquePointer
    /// Owned by `ssl`; see `readBIO`.
    private var writeBIO: OpaquePointer
    private var state = State.active
    private var shutdownQueued = false
    /// Cached `SSL_is_init_finished`, asked on every read and write.
    private var handshakeDone = false
    /// A large ciphertext write may have grown the read BIO's buffer; checked once it drains.
    private var readBufferMayBeLarge = false

    /// `context` is borrowed: `SSL_new` takes its own reference.
    init(context: OpaquePointer) throws(TLSError) {
        guard let ssl = SSL_new(context) else {
            throw TLSError.draining("SSL_new")
        }
        guard let readBIO = Self.makeMemoryBIO() else {
            SSL_free(ssl)
            throw TLSError.draining("BIO_new")
        }
        guard let writeBIO = Self.makeMemoryBIO() else {
            BIO_free(readBIO)
            SSL_free(ssl)
            throw TLSError.draining("BIO_new")
        }
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
    }

    deinit {
        // Frees both BIOs and drops this session's reference to its SSL_CTX.
        SSL_free(ssl)
    }

    /// Feeds bytes read from the socket. Nothing is decrypted until `readPlaintext(into:)`.
    public func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        guard case .active = state, let base = bytes.baseAddress else { return }
        if bytes.count > Self.retainedBufferLimit / 4 { readBufferMayBeLarge = true }
        var offset = 0
        while offset < bytes.count {
            let written = BIO_write(readBIO, base + offset, Int32(clamping: bytes.count - offset))
            guard written > 0 else {
                state = .failed(TLSError.draining("BIO_write"))
                return
            }
            offset += Int(written)
        }
    }

    /// Drives the handshake if needed, then decrypts into `buffer` what the received ciphertext holds.
    ///
    /// Returns the plaintext bytes written and, once nothing more can be decrypted now, why (`end`); `end` is
    /// `nil` when `buffer` filled up and more plaintext may follow, so call again. OpenSSL buffers decrypted data
    /// that the socket will never report as readable again, so callers keep going until `end` is set. Plaintext
    /// received before a close_notify or a failure is still written.
    public func readPlaintext(into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, end: TLSReadResult?) {
        switch state {
        case .closed: return (0, .closed)
        case .failed(let error): return (0, .failed(error))
        case .active: break
        }
        if !handshakeDone {
            let result = SSL_do_handshake(ssl)
            if result != 1 {
                return (0, outcome(of: "SSL_do_handshake", errorCode: SSL_get_error(ssl, result)))
            }
            handshakeDone = true
            // Callbacks (ALPN, session tickets) may have queued entries on a path that still succeeded.
            ERR_clear_error()
        }
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return (0, nil) }
        var filled = 0
        while filled < buffer.count {
            // Nothing decrypted and no ciphertext waiting: SSL_read could only answer WANT_READ, so skip it (a
            // partial record inside OpenSSL needs more ciphertext either way).
            if SSL_pending(ssl) == 0 && copenssl_BIO_pending(readBIO) == 0 {
                releaseReadBufferIfLarge()
                return (filled, .wantRead)
            }
            let result = SSL_read(ssl, base + filled, Int32(clamping: buffer.count - filled))
            guard result > 0 else {
                return (filled, outcome(of: "SSL_read", errorCode: SSL_get_error(ssl, result)))
            }
            filled += Int(result)
        }
        return (filled, nil)
    }

    /// Encrypts `bytes`; the ciphertext becomes available from `takeCiphertext(into:)`.
    ///
    /// Only valid once `isHandshakeComplete`; writing after `shutdown()` or a failure throws.
    public func writePlaintext(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        if case .failed(let error) = state { throw error }
        guard handshakeDone else {
            throw TLSError(reason: "writePlaintext called before the handshake completed")
        }
        guard !shutdownQueued else {
            throw TLSError(reason: "writePlaintext called after shutdown")
        }
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        // Partial-write mode returns after each record, and a memory BIO never pushes back, so loop to the end.
        while offset < bytes.count {
            let result = SSL_write(ssl, base + offset, Int32(clamping: bytes.count - offset))
            guard result > 0 else {
                let error = TLSError.draining("SSL_write failed (\(Self.name(of: SSL_get_error(ssl, result))))")
                state = .failed(error)
                throw error
            }
            offset += Int(result)
        }
    }

    /// Moves pending ciphertext (handshake records, encrypted data, alerts, close_notify) out to be sent to the
    /// socket, appending it to `output`.
    public func takeCiphertext(into output: inout [UInt8]) {
        let pending = Int(copenssl_BIO_pending(writeBIO))
        guard pending > 0 else { return }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: pending))
        let read = output.withUnsafeMutableBufferPointer { buffer in
            BIO_read(writeBIO, buffer.baseAddress! + start, Int32(pending))
        }
        // A memory BIO hands over everything pending; this only guards against the impossible.
        if Int(read) < pending {
            output.removeLast(pending - max(Int(read), 0))
        }
        // Only a large transfer can have grown the buffer past the limit; small ones skip the control calls.
        if pending > Self.retainedBufferLimit / 4, copenssl_BIO_pending(writeBIO) == 0,
            copenssl_BIO_mem_capacity(writeBIO) > Self.retainedBufferLimit,
            let fresh = Self.makeMemoryBIO()
        {
            SSL_set0_wbio(ssl, fresh)  // frees the old one
            writeBIO = fresh
        }
    }

    /// Whether `takeCiphertext(into:)` has bytes to hand over.
    public var hasPendingCiphertext: Bool { copenssl_BIO_pending(writeBIO) > 0 }

    /// Whether the handshake has finished; application data flows only after this.
    public var isHandshakeComplete: Bool { handshakeDone }

    /// The negotiated ALPN protocol, if any (`http/1.1` whenever the client offered it).
    public var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// Queues a close_notify alert, once; send it with `takeCiphertext(into:)`. Does not wait for the peer's.
    ///
    /// Does nothing before the handshake completes or after a failure, where OpenSSL forbids `SSL_shutdown`.
    public func shutdown() {
        guard !shutdownQueued else { return }
        shutdownQueued = true
        if case .failed = state { return }
        guard handshakeDone else { return }
        _ = SSL_shutdown(ssl)
        // The result does not matter (0 just means the peer's close_notify has not arrived); leave no stale errors.
        ERR_clear_error()
    }

    /// Bytes held by the two memory BIOs, for tests of the idle-memory bound.
    var memoryBIOCapacity: Int {
        Int(copenssl_BIO_mem_capacity(readBIO)) + Int(copenssl_BIO_mem_capacity(writeBIO))
    }

    /// Maps a non-success `SSL_get_error` code from `operation` to a read result, recording terminal states.
    private func outcome(of operation: String, errorCode: Int32) -> TLSReadResult {
        switch errorCode {
        case SSL_ERROR_WANT_READ:
            releaseReadBufferIfLarge()
            return .wantRead
        case SSL_ERROR_ZERO_RETURN:
            state = .closed
            return .closed
        default:
            let error = TLSError.draining("\(operation) failed (\(Self.name(of: errorCode)))")
            state = .failed(error)
            return .failed(error)
        }
    }

    private func releaseReadBufferIfLarge() {
        guard readBufferMayBeLarge, copenssl_BIO_pending(readBIO) == 0 else { return }
        readBufferMayBeLarge = false
        guard copenssl_BIO_mem_capacity(readBIO) > Self.retainedBufferLimit,
            let fresh = Self.makeMemoryBIO()
        else { return }
        // Safe while empty: a partially received record lives in OpenSSL's own buffer, not in the BIO.
        SSL_set0_rbio(ssl, fresh)  // frees the old one
        readBIO = fresh
    }

    private static func makeMemoryBIO() -> OpaquePointer? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        // An empty read BIO must mean "retry later", not end of stream.
        _ = copenssl_BIO_set_mem_eof_return(bio, -1)
        return bio
    }

    private static func name(of errorCode: Int32) -> String {
        switch errorCode {
        case SSL_ERROR_SSL: return "SSL_ERROR_SSL"
        case SSL_ERROR_SYSCALL: return "SSL_ERROR_SYSCALL"
        case SSL_ERROR_WANT_READ: return "SSL_ERROR_WANT_READ"
        case SSL_ERROR_WANT_WRITE: return "SSL_ERROR_WANT_WRITE"
        case SSL_ERROR_ZERO_RETURN: return "SSL_ERROR_ZERO_RETURN"
        default: return "SSL error \(errorCode)"
        }
    }
}
