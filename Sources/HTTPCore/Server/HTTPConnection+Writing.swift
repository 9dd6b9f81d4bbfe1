import Glibc

/// Output, backpressure and closing.
extension HTTPConnection {
    /// Queues plaintext output, `bytes` then `tail` (a response's head and its separately stored body): encrypted
    /// first under TLS; sent straight from the arrays when nothing is queued ahead of them and the socket takes
    /// them whole (the common case: no copy into the connection), both in one `sendmsg`.
    func enqueueOutput(_ bytes: [UInt8], then tail: [UInt8] = []) {
        guard let tls else { return send(bytes, then: tail) }
        func encrypt(_ part: [UInt8]) -> Bool {
            part.isEmpty || part.withUnsafeBytes { plaintext in (try? tls.writePlaintext(plaintext)) != nil }
        }
        guard encrypt(bytes), encrypt(tail) else {
            close()
            return
        }
        sendCiphertext()
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
        send(context.cipherScratch)
    }

    /// Sends `bytes` then `tail` as far as the socket takes them and queues the rest.
    private func send(_ bytes: [UInt8], then tail: [UInt8] = []) {
        var sent = 0
        if pendingOutput == 0 && machine.canWrite {
            sent = bytes.withUnsafeBytes { head in tail.withUnsafeBytes { tail in sendSome(head, then: tail) } }
            if machine.isClosed { return }
        }
        if sent < bytes.count {
            outBuffer.append(contentsOf: bytes[sent...])
            outBuffer.append(contentsOf: tail)
        } else if sent < bytes.count + tail.count {
            outBuffer.append(contentsOf: tail[(sent - bytes.count)...])
        }
        afterWrite()
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

    /// Writes as much of `bytes` then `tail` as the socket takes; tells the machine when the socket is full.
    private func sendSome(
        _ bytes: UnsafeRawBufferPointer, then tail: UnsafeRawBufferPointer = .init(start: nil, count: 0)
    )
        -> Int
    {
        let total = bytes.count + tail.count
        var sent = 0
        while sent < total {
            do {
                let result =
                    sent < bytes.count
                    ? try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: bytes[sent...]), then: tail)
                    : try Syscall.send(fd, tail.baseAddress! + (sent - bytes.count), total - sent)
                switch result {
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
