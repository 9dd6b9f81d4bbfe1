import Glibc

/// Output, backpressure and closing.
extension HTTPConnection {
    /// Queues plaintext output: encrypted first under TLS; sent straight from `bytes` when nothing is
    /// queued ahead of it and the socket takes it whole (the common case: no copy into the connection).
    ///
    /// `more` says another part of the same response follows at once: the connection's state (timers,
    /// closing after a final response) is settled only after the last part.
    func enqueueOutput(_ bytes: [UInt8], more: Bool = false) {
        if let tls {
            let written = bytes.withUnsafeBytes { plaintext in (try? tls.writePlaintext(plaintext)) != nil }
            if !written {
                close()
                return
            }
            if more { return }
            tls.takeCiphertext(into: &outBuffer)
            flush()
            return
        }
        var sent = 0
        if pendingOutput == 0 && canWrite {
            sent = bytes.withUnsafeBytes { sendSome($0) }
            if closed { return }
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
        if closed { return }
        outOffset += sent
        afterWrite()
    }

    /// Writes as much of `bytes` as the socket takes; clears `canWrite` when it is full.
    private func sendSome(_ bytes: UnsafeRawBufferPointer) -> Int {
        var sent = 0
        while sent < bytes.count {
            do {
                switch try Syscall.send(fd, bytes.baseAddress! + sent, bytes.count - sent) {
                case .processed(let count):
                    sent += count
                    context.metrics.sentBytes &+= count
                case .wouldBlock:
                    canWrite = false
                    return sent
                }
            } catch {
                close()
                return sent
            }
        }
        return sent
    }

    /// Settles the state after output progress: re-arms the write timeout while output is stuck, resumes
    /// reading once it drains below the high-water mark, and closes after a final response.
    private func afterWrite() {
        if pendingOutput > 0 {
            timer.enter(.writing, now: loop.tickTime)
            return
        }
        outBuffer = []
        outOffset = 0
        if closeAfterWrite && !requestInFlight {
            startLingeringClose()
        } else if !requestInFlight && timer.phase == .writing {
            timer.enter(.idle, now: loop.tickTime)
            resumeInput()
        }
    }

    /// Ends the connection after its final response. After an error (when the peer may still be sending,
    /// say, the body of a rejected upload) or with input still unread, it half-closes and waits briefly for
    /// the peer's EOF, so the peer reads our response instead of a reset; otherwise it closes at once, as
    /// nginx does, saving the extra round trip.
    func startLingeringClose() {
        if closed || timer.phase == .lingering { return }
        // Mid-parse (an immediate response), whether input is left unread is not known yet; `resumeInput`
        // comes back here when the parse is done.
        if parsingInput { return }
        if let tls, !closeNotifyQueued {
            closeNotifyQueued = true
            tls.shutdown()
            tls.takeCiphertext(into: &outBuffer)
            // Once the alert is flushed, `afterWrite` calls back in here to finish.
            if pendingOutput > 0 { return flush() }
        }
        if pendingOutput > 0 { return }
        if peerClosed || (!lingerOnClose && !canRead && inOffset == inBuffer.count) {
            close()
            return
        }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        timer.enter(.lingering, now: loop.tickTime)
        discardUntilClosed()
    }

    /// Reads and drops input during a lingering close; closes on EOF or error.
    func discardUntilClosed() {
        let buffer = context.readBuffer
        while true {
            switch try? Syscall.read(fd, buffer.baseAddress!, buffer.count) {
            case .wouldBlock:
                canRead = false
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
        if closed { return }
        closed = true
        // Closing the descriptor removes it from epoll; skip the EPOLL_CTL_DEL syscall.
        loop.forget(fd: fd)
        Syscall.close(fd)
        // A parse in progress may still be reading `inBuffer`; `resumeInput` releases it afterwards.
        if !parsingInput { inBuffer = [] }
        outBuffer = []
        body = []
        tls = nil
        context.metrics.openConnections.decrement()
        context.server.connectionClosed(peer: peer)
    }
}
