import HTTPCore

/// Carries a worker between the runner's thread and its loop.
///
/// The worker is created on its loop and only ever used inside closures that run on that loop
/// (`loop.execute`/`submitAndWait`), which `worker` checks; the unchecked conformance never lets two threads
/// touch it at once.
final class WorkerHandle: @unchecked Sendable {
    let loop: EventLoop
    private let wrapped: LoadWorker

    init(_ worker: LoadWorker) {
        worker.loop.assertInLoop()
        loop = worker.loop
        wrapped = worker
    }

    var worker: LoadWorker {
        loop.assertInLoop()
        return wrapped
    }
}
