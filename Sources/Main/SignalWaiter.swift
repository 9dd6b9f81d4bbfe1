import Glibc

/// Turns SIGTERM/SIGINT/SIGHUP into values the main thread waits for.
///
/// The signals are blocked before any other thread starts (threads inherit the mask), then taken
/// synchronously with `sigwait`, so no handler runs on an arbitrary thread.
struct SignalWaiter {
    enum Event {
        case terminate
        case reload
    }

    private var set = sigset_t()

    /// Blocks the signals for this thread and every thread started after it; call first thing.
    init() {
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Waits for the next signal.
    func next() -> Event {
        var set = self.set
        var number: Int32 = 0
        while sigwait(&set, &number) != 0 {}
        return number == SIGHUP ? .reload : .terminate
    }
}
