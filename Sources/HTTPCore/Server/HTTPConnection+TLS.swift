/// The TLS leg of input: ciphertext in, plaintext out, handshake records sent as they appear.
extension HTTPConnection {
    func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        tls?.receiveCiphertext(bytes)
        decryptAndParse()
    }

    /// Decrypts everything OpenSSL holds (it buffers records the socket no longer reports), sends any
    /// handshake or alert records it produced, and parses the plaintext.
    func decryptAndParse() {
        guard let tls, machine.acceptsInput else { return }
        let result = tls.readPlaintext(into: &inBuffer)
        if tls.hasPendingCiphertext {
            tls.takeCiphertext(into: &outBuffer)
            flush()
            if machine.isClosed { return }
        }
        switch result {
        case .failed:
            if machine.isHandshaking { context.metrics.handshakeErrors.increment() }
            close()
            return
        case .closed:
            machine.closeNotifyReceived()
        case .wantRead:
            break
        }
        if machine.isHandshaking && tls.isHandshakeComplete {
            context.metrics.handshakes.increment()
            machine.handshakeCompleted(now: loop.tickTime)
        }
        parseCarriedInput()
        if case .closed = result {
            // Plaintext before the peer's close_notify has been parsed; the machine answers with ours (see
            // `sendCloseNotify`) once any response still owed is out.
            perform(
                machine.closeNotifyParsed(
                    pendingOutput: pendingOutput, carriedInput: hasCarriedInput, now: loop.tickTime))
        }
    }
}
