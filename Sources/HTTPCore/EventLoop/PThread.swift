import CEpoll
import Glibc

/// Starts and joins raw pthreads: the loops and the blocking pools own their threads, away from Swift's
/// global concurrent pool.
public struct PThread: Sendable {
    private let handle: pthread_t

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts a thread named `name` (truncated to 15 bytes, the kernel's limit) running `body`.
    public static func spawn(name: String, _ body: @escaping @Sendable () -> Void) -> PThread {
        var handle = pthread_t()
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        let result = pthread_create(
            &handle, nil,
            { argument in
                let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
                body.run()
                return nil
            }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        _ = cepoll_set_thread_name(handle, String(name.utf8.prefix(15))!)
        return PThread(handle: handle)
    }

    /// Waits for the thread to finish.
    public func join() {
        pthread_join(handle, nil)
    }

    /// Lets the thread finish on its own; for a thread that cannot be joined (it is the caller).
    public func detach() {
        pthread_detach(handle)
    }

    /// Whether the caller runs on this thread.
    public var isCurrent: Bool {
        pthread_equal(handle, pthread_self()) != 0
    }
}
