/// The TLS leg of input: ciphertext in, plaintext out, handshake records sent as they appear.
extension HTTPConnection {
    func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        tls?.receiveCiphertext(bytes)
        decryptAndParse()
    }

    /// Decrypts everything OpenSSL holds (it buffers records the socket no longer reports), sends any
    /// handshake or alert records it produced, and parses the plaintext.
    func decryptAndParse() {
        guard let tls, !requestInFlight, !closeAfterWrite else { return }
        let wasHandshaking = !tls.isHandshakeComplete
        let result = tls.readPlaintext(into: &inBuffer)
        if tls.hasPendingCiphertext {
            tls.takeCiphertext(into: &outBuffer)
            flush()
            if closed { return }
        }
        switch result {
        case .failed:
            if wasHandshaking { context.metrics.handshakeErrors.increment() }
            close()
            return
        case .closed:
            peerClosed = true
        case .wantRead:
            break
        }
        if wasHandshaking && tls.isHandshakeComplete {
            context.metrics.handshakes.increment()
            timer.enter(.readingHead, now: loop.tickTime)
        }
        parseCarriedInput()
        if peerClosed && !requestInFlight {
            // Answer close_notify with ours before closing: OpenSSL drops a TLS 1.2 session from its cache when
            // the connection ends without our close_notify, and a clean close lets the client tell a finished
            // exchange from a truncated one. `startLingeringClose` sends it, flushes, and closes because the peer
            // has; from inside a parse, `resumeInput` calls it once the parse is done.
            closeAfterWrite = true
            startLingeringClose()
        }
    }
}
