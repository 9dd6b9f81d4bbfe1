/// The TLS leg of input: ciphertext in, plaintext out, handshake records sent as they appear.
extension HTTPConnection {
    func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        tls?.receiveCiphertext(bytes)
        decryptAndParse()
    }

    /// Decrypts what OpenSSL holds (it buffers records the socket no longer reports) into the loop's read
    /// buffer, whose ciphertext OpenSSL has already copied, sends any handshake or alert records it produced,
    /// and parses the plaintext like plain input. Stops while the connection wants no input (a request in
    /// flight): the rest waits inside OpenSSL until `resumeInput` comes back here.
    func decryptAndParse() {
        let buffer = context.readBuffer
        while let tls, machine.acceptsInput {
            let (count, end) = tls.readPlaintext(into: buffer)
            sendCiphertext()
            if machine.isClosed { return }
            if case .failed = end {
                if machine.isHandshaking { context.metrics.handshakeErrors.increment() }
                close()
                return
            }
            if machine.isHandshaking && tls.isHandshakeComplete {
                context.metrics.handshakes.increment()
                machine.handshakeCompleted(now: loop.tickTime)
            }
            if end == .closed { machine.closeNotifyReceived() }
            if count > 0 { receive(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
            guard let end else { continue }
            if end == .closed {
                // The plaintext before the peer's close_notify has been parsed; the machine answers with ours
                // (see `sendCloseNotify`) once any response still owed is out.
                perform(
                    machine.closeNotifyParsed(
                        pendingOutput: pendingOutput, carriedInput: hasCarriedInput, now: loop.tickTime))
            }
            return
        }
    }
}
