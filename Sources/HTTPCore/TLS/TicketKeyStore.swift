/// The session-ticket keys of one `TLSContext`, shared by every `SSL_CTX` it builds (so a certificate reload
/// does not end resumption) and by every loop thread that handshakes.
///
/// Sendable: its only mutable state, the rotation, is read and written under `LockedValue`'s lock.
final class TicketKeyStore: Sendable {
    private let rotation: LockedValue<TicketKeyRotation<ContinuousClock.Instant>>
    private let now: @Sendable () -> ContinuousClock.Instant

    /// Makes the first key. `now` is injected so tests can move time; the server uses `ContinuousClock`, which
    /// keeps counting while the machine sleeps, as a key's age should.
    init(
        period: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) throws(TLSError) {
        guard period > .zero else {
            throw TLSError(reason: "the ticket key rotation period must be positive, not \(period)")
        }
        self.now = now
        rotation = LockedValue(TicketKeyRotation(period: period, key: try TicketKey.random(), now: now()))
    }

    /// The key to seal a new ticket with, rotating first if the current one is due.
    func encryptionKey() throws(TLSError) -> TicketKey {
        let now = now()
        // `withLock` rethrows untyped, so the typed error travels out as a value.
        let result = rotation.withLock { rotation in
            Result { () throws(TLSError) -> TicketKey in
                try rotation.advance(to: now, makeKey: TicketKey.random)
                return rotation.current
            }
        }
        return try result.get()
    }

    /// The key a ticket named `name` was sealed with, if it may still be opened.
    func decryptionKey(named name: UnsafeBufferPointer<UInt8>) -> TicketKeyRotation<ContinuousClock.Instant>.Lookup {
        let now = now()
        return rotation.withLock { rotation in
            // Failing to make a fresh key only delays the rotation; opening tickets needs no new key.
            try? rotation.advance(to: now, makeKey: TicketKey.random)
            return rotation.lookup(name: name)
        }
    }
}
