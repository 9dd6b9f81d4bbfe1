import HTTPCore
import Synchronization

/// The current `APIKeySet`, read by every request on every loop and replaced on `SIGHUP`.
///
/// Readers take no lock and touch no reference count: the current set is an atomic pointer, and a set once
/// published is never freed, so a reader that loaded the previous pointer just before a reload still reads a
/// live object. Every set stays in `published` for the store's lifetime; sets are replaced only when an
/// operator reloads the file, so that is a few hundred bytes per reload.
public final class APIKeyStore: Sendable {
    /// The address of the current set (`UInt` because `Atomic` of a pointer is not `Sendable`).
    private let current: Atomic<UInt>
    private let published: LockedValue<[APIKeySet]>

    /// A store serving `keys`.
    public init(_ keys: APIKeySet) {
        published = LockedValue([keys])
        current = Atomic(Self.address(keys))
    }

    /// The keys now in force.
    public var keys: APIKeySet {
        Self.set(at: current.load(ordering: .acquiring)).takeUnretainedValue()
    }

    /// Runs `body` on the keys now in force without retaining them (the per-request path).
    func withKeys<T>(_ body: (APIKeySet) -> T) -> T {
        Self.set(at: current.load(ordering: .acquiring))._withUnsafeGuaranteedRef(body)
    }

    /// Puts `keys` in force for every request that starts after this returns.
    public func replace(with keys: APIKeySet) {
        // Retained by `published` before any reader can load it.
        published.withLock { $0.append(keys) }
        current.store(Self.address(keys), ordering: .releasing)
    }

    private static func address(_ keys: APIKeySet) -> UInt {
        UInt(bitPattern: Unmanaged.passUnretained(keys).toOpaque())
    }

    private static func set(at address: UInt) -> Unmanaged<APIKeySet> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: address)!)
    }
}
