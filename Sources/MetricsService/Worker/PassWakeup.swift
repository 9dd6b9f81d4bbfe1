import HTTPCore

/// Tells this process's worker that runs were just stored, so its next pass need not wait for the interval.
///
/// Ingest calls `signal()` after each insert that stored something: one uncontended lock (plus a read of
/// the monotonic clock for the first signal since the worker last looked), and a resume when the worker
/// is waiting. The worker (the only waiter) takes the time of the first signal with `takePending()` and
/// decides when to pass (`PassSchedule`), so runs stored during a pass count from when they arrived.
public final class PassWakeup: Sendable {
    private struct State {
        /// Monotonic milliseconds of the first signal not yet taken.
        var pendingSinceMs: Int64?
        var pending: Bool { pendingSinceMs != nil }
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
            if state.pendingSinceMs == nil { state.pendingSinceMs = Self.monotonicMs() }
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume()
    }

    /// When runs were first signalled since the last call (monotonic milliseconds, see `monotonicMs`),
    /// or nil; clears the signal.
    func takePending() -> Int64? {
        state.withLock { state in
            defer { state.pendingSinceMs = nil }
            return state.pendingSinceMs
        }
    }

    /// The clock of `takePending` and of the worker's `PassSchedule`.
    static func monotonicMs() -> Int64 {
        Int64(Monotonic.now() / 1_000_000)
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
