import Glibc

/// Polls `condition` every millisecond until it holds or `timeout` passes; for state a server settles on its
/// own threads, with no event to wait for. Returns whether it held.
public func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now > deadline { return false }
        usleep(1_000)
    }
    return true
}
