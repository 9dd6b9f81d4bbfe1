import Foundation

/// Runs blocking work (sockets, child processes, log waits) on its own thread, so a test never holds one
/// of Swift's few cooperative threads while it waits.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
