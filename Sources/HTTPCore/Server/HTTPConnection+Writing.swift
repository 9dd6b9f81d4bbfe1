import Glibc

/// Output, backpressure and closing.
extension HTTPConnection {
    /// Queues plaintext output: encrypted first under TLS; sent straight from `bytes` when nothing is
    /// queued ahead of it and the socket takes it whole (the common case: no copy into the connection).
    ///
    /// `more` says another part of the same response follows at once: the connection's state (timers,
    /// closing after a final response) is settled only after the last part.
    func enqueueOutput(_ bytes: [UInt8], more: Bool = false) {
        guard let tls else { return send(bytes, more: more) }
        let written = bytes.withUnsafeBytes { plaintext in (try? tls.writePlaintext(plaintext)) != nil }
        if !written {
            close()
            return
        }
        if !more { sendCiphertext() }
    }

    /// Sends the records OpenSSL has produced: from the loop's scratch buffer when nothing is queued ahead
    /// of them, so a response's records cost no allocation in the connection.
    func sendCiphertext() {
        guard let tls, tls.hasPendingCiphertext else { return }
        if pendingOutput > 0 {
            tls.takeCiphertext(into: &outBuffer)
            return flush()
        }
        context.cipherScratch.removeAll(keepingCapacity: true)
        tls.takeCiphertext(into: &context.cipherScratch)
        send(context.cipherScratch, more: false)
    }

    /// Sends `bytes` as far as the socket takes them and queues the rest.
    private func send(_ bytes: [UInt8], more: Bool) {
        var sent = 0
        if pendingOutput == 0 && machine.canWrite {
            sent = bytes.withUnsafeBytes { sendSome($0) }
            if machine.isClosed { return }
        }
        if sent < bytes.count {
            outBuffer.append(contentsOf: bytes[sent...])
        }
        if !more { afterWrite() }
    }

    /// Sends queued output until done or the socket is full.
    func flush() {
        guard pendingOutput > 0 else { return }
        let sent = outBuffer.withUnsafeBytes { all in
            sendSome(UnsafeRawBufferPointer(rebasing: all[outOffset...]))
        }
        if machine.isClosed { return }
        outOffset += sent
        afterWrite()
    }

    /// Writes as much of `bytes` as the socket takes; tells the machine when the socket is full.
    private func sendSome(_ bytes: UnsafeRawBufferPointer) -> Int {
        var sent = 0
        while sent < bytes.count {
            do {
                switch try Syscall.send(fd, bytes.baseAddress! + sent, bytes.count - sent) {
                case .processed(let count):
                    sent += count
                    context.metrics.sentBytes &+= count
                case .wouldBlock:
                    machine.writeBlocked()
                    return sent
                }
            } catch {
                close()
                return sent
            }
        }
        return sent
    }

    /// Reports output progress to the machine and carries out its decision: re-arm the write timeout while
    /// output is stuck, resume reading once it drains, or close after a final response.
    private func afterWrite() {
        if pendingOutput == 0 {
            outBuffer = []
            outOffset = 0
        }
        perform(machine.outputProgress(pendingOutput: pendingOutput, now: loop.tickTime))
    }

    /// Queues our close_notify behind the final response (OpenSSL drops a TLS 1.2 session from its cache when
    /// the connection ends without it, and a clean close lets the client tell a finished exchange from a
    /// truncated one); the machine closes once it is flushed.
    func sendCloseNotify() {
        if let tls {
            tls.shutdown()
            tls.takeCiphertext(into: &outBuffer)
        }
        perform(
            machine.closeNotifyQueued(pendingOutput: pendingOutput, carriedInput: hasCarriedInput, now: loop.tickTime))
    }

    /// Reads and drops input during a lingering close; closes on EOF or error.
    func discardUntilClosed() {
        let buffer = context.readBuffer
        while true {
            switch try? Syscall.receive(fd, buffer.baseAddress!, buffer.count) {
            case .wouldBlock:
                machine.readDrained()
                return
            case .processed(let count) where count > 0:
                continue
            default:
                close()
                return
            }
        }
    }

    /// Closes the socket at once and forgets all buffered data.
    func close() {
        if machine.isClosed { return }
        machine.closed()
        // Closing the descriptor removes it from epoll; skip the EPOLL_CTL_DEL syscall.
        loop.forget(fd: fd)
        Syscall.close(fd)
        // A parse in progress may still be reading `inBuffer`; `resumeInput` releases it afterwards.
        if !machine.parsing { inBuffer = [] }
        outBuffer = []
        body = []
        tls = nil
        context.metrics.openConnections.decrement()
        context.server.connectionClosed(peer: peer)
    }
}
