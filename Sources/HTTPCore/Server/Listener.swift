import CEpoll
import Glibc

/// A listening socket registered (level-triggered) with one loop; accepts and places new connections.
final class Listener: EventLoopSelectable {
    let fd: Int32
    let context: LoopContext
    private var paused = false

    init(fd: Int32, context: LoopContext) {
        self.fd = fd
        self.context = context
    }

    func handleEvent(_ events: UInt32) {
        // A bounded batch per tick keeps one busy listener from starving the loop's connections.
        var peer = sockaddr_storage()
        for _ in 0..<64 {
            let accepted: Int32?
            do {
                accepted = try Syscall.accept(fd, peer: &peer)
            } catch {
                handleAcceptError(error)
                return
            }
            guard let accepted else { return }
            context.server.place(accepted, peer: PeerAddress(peer), from: context)
        }
    }

    /// Out of descriptors (or similar): stop polling the listener for a moment instead of spinning.
    private func handleAcceptError(_ error: IOError) {
        switch error.errnoCode {
        case EMFILE, ENFILE, ENOBUFS, ENOMEM:
            context.logger.warning("accept failed, pausing", metadata: ["error": "\(error)"])
            pause()
        default:
            // ECONNABORTED and friends concern one peer only.
            context.logger.debug("accept failed", metadata: ["error": "\(error)"])
        }
    }

    private func pause() {
        guard !paused else { return }
        paused = true
        try? context.loop.modify(fd: fd, events: 0)
        context.loop.schedule(after: .milliseconds(100)) { [self] in
            paused = false
            try? context.loop.modify(fd: fd, events: EPOLLIN.rawValue)
        }
    }

    func close() {
        context.loop.deregister(fd: fd)
        Syscall.close(fd)
    }
}
