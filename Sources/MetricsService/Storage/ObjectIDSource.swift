#if canImport(Glibc)
    import Glibc
#endif
import HTTPCore

/// Fresh ObjectIds for one request's documents, laid out as MongoDB specifies (4-byte seconds, 5 bytes
/// random per process, 3-byte counter, all big-endian), reserved from a process-wide counter `blockSize`
/// at a time: one lock per block instead of libbson's per-id `getpid` syscall and context lock.
///
/// Ids from one process increase with the time of their block's reservation and then with the counter,
/// like libbson's (whose 5 random bytes differ from these, so the two sources cannot collide).
struct ObjectIDSource {
    static let blockSize: UInt32 = 256
    /// Five random bytes drawn once per process.
    private static let process: (UInt8, UInt8, UInt8, UInt8, UInt8) = {
        var random = SystemRandomNumberGenerator()
        let value = random.next() as UInt64
        return (
            UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24),
            UInt8(truncatingIfNeeded: value >> 32)
        )
    }()
    /// The next counter value of the process (24 bits used; it wraps as libbson's does).
    private static let counter = LockedValue(UInt32.random(in: 0..<(1 << 23)))

    private var seconds: UInt32 = 0
    private var next: UInt32 = 0
    private var end: UInt32 = 0

    init() {}

    /// The next id.
    mutating func generate() -> ObjectID.Bytes {
        if next == end { reserve() }
        let count = next & 0xFF_FFFF
        next &+= 1
        let process = Self.process
        return (
            UInt8(truncatingIfNeeded: seconds >> 24), UInt8(truncatingIfNeeded: seconds >> 16),
            UInt8(truncatingIfNeeded: seconds >> 8), UInt8(truncatingIfNeeded: seconds),
            process.0, process.1, process.2, process.3, process.4,
            UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8),
            UInt8(truncatingIfNeeded: count)
        )
    }

    private mutating func reserve() {
        seconds = UInt32(truncatingIfNeeded: time(nil))
        next = Self.counter.withLock { counter in
            defer { counter &+= Self.blockSize }
            return counter
        }
        end = next &+ Self.blockSize
    }
}
