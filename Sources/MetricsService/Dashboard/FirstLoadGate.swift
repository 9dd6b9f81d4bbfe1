import HTTPCore

/// Opens once, when the dashboard's first snapshot is published; until then UI reads wait on it,
/// for a bounded time, instead of answering from the empty snapshot.
///
/// Waiting costs nothing once open (`isOpen` is one lock read); before that each waiter is a
/// continuation resumed by `open()`, by its timeout, or by cancellation, whichever comes first.
final class FirstLoadGate: Sendable {
    private struct State {
        var isOpen = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waiters whose timeout or cancellation came before they were registered.
        var released: Set<UInt64> = []
    }

    private let state = LockedValue(State())

    var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Opens the gate and releases every waiter; later calls do nothing.
    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.isOpen else { return [] }
            state.isOpen = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the gate opens or after `timeout`, whichever is first; true when it is open.
    @discardableResult
    func wait(timeout: Duration) async -> Bool {
        let id = state.withLock { state -> UInt64? in
            guard !state.isOpen else { return nil }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return true }
        let timer = Task { [self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            release(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let registered = state.withLock { state -> Bool in
                    // Opened, timed out or cancelled between taking the id and getting here.
                    guard !state.isOpen, state.released.remove(id) == nil else { return false }
                    state.waiters[id] = continuation
                    return true
                }
                if !registered { continuation.resume() }
            }
        } onCancel: {
            release(id)
        }
        timer.cancel()
        return isOpen
    }

    /// Resumes one waiter, or marks it released when it has not registered yet.
    private func release(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            if !state.isOpen { state.released.insert(id) }
            return nil
        }
        waiter?.resume()
    }
}
