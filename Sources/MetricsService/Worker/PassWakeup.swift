import HTTPCore

/// Tells this process's worker that runs were just stored, so its next pass need not wait for the interval.
///
/// Ingest calls `signal()` after each insert that stored something: one uncontended lock, and a resume
/// when the worker is waiting. The worker (the only waiter) takes the flag with `takePending()` and
/// decides when to pass (`PassSchedule`).
public final class PassWakeup: Sendable {
    private struct State {
        var pending = false
        var nextID: UInt64 = 0
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        /// A wait whose timeout or cancellation came before it was registered.
        var released: UInt64?
    }

    private let state = LockedValue(State())

    public init() {}

    /// Runs were stored: wakes the worker if it is waiting.
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.pending = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume()
    }

    /// Whether runs were signalled since the last call; clears the flag.
    func takePending() -> Bool {
        state.withLock { state in
            defer { state.pending = false }
            return state.pending
        }
    }

    /// Returns when signalled (at once if a signal is pending), after `timeout`, or on cancellation.
    /// One waiter at a time.
    func wait(timeout: Duration) async {
        let id = state.withLock { state -> UInt64? in
            guard !state.pending else { return nil }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        let timer = Task { [self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            release(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let registered = state.withLock { state -> Bool in
                    guard !state.pending, state.released != id else { return false }
                    state.waiter = (id, continuation)
                    return true
                }
                if !registered { continuation.resume() }
            }
        } onCancel: {
            release(id)
        }
        timer.cancel()
    }

    private func release(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter, waiter.id == id else {
                state.released = id
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
