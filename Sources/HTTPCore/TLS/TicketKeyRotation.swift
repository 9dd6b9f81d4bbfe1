/// When session-ticket keys are replaced, as a plain value with time passed in, so tests need no clock.
///
/// A key seals new tickets for one `period` after it was made, then only opens tickets for one more period, then
/// is dropped. With tickets living at most one period (the session timeout), every ticket stays openable for its
/// whole life, and no key outlives two periods, which bounds how much recorded TLS 1.2 traffic a stolen key exposes.
/// Rotation happens on the next `advance(to:makeKey:)` after a key is due, so an idle server makes no keys; the
/// two-period bound is measured from each key's creation and holds however late that call comes.
struct TicketKeyRotation<Instant: InstantProtocol> where Instant.Duration == Duration {
    /// Which key a ticket's name refers to.
    enum Lookup: Equatable {
        /// The key sealing new tickets: resume as is.
        case current(TicketKey)
        /// The retired key: resume, and send the client a ticket under the current key.
        case previous(TicketKey)
        /// Unknown or expired: full handshake.
        case unknown
    }

    let period: Duration
    private(set) var current: TicketKey
    private(set) var currentSince: Instant
    private(set) var previous: TicketKey?
    /// When `previous` stops opening tickets: two periods after it was made.
    private(set) var previousUntil: Instant?

    init(period: Duration, key: TicketKey, now: Instant) {
        precondition(period > .zero, "ticket key rotation period must be positive")
        self.period = period
        current = key
        currentSince = now
    }

    /// Brings the keys up to date at `now`: retires the current key once it has sealed for a period, and drops
    /// the previous one once it is two periods old. `makeKey` is called only when a new key is needed.
    mutating func advance<Failure: Error>(
        to now: Instant, makeKey: () throws(Failure) -> TicketKey
    ) throws(Failure) {
        if currentSince.advanced(by: period) <= now {
            let fresh = try makeKey()
            previous = current
            previousUntil = currentSince.advanced(by: period * 2)
            current = fresh
            currentSince = now
        }
        if let until = previousUntil, until <= now {
            previous = nil
            previousUntil = nil
        }
    }

    /// The key whose name is `name`, as of the last `advance`.
    func lookup(name: some Sequence<UInt8>) -> Lookup {
        let name = Array(name)
        if name == current.name { return .current(current) }
        if let previous, name == previous.name { return .previous(previous) }
        return .unknown
    }
}
