/// A trace id (16 bytes) as two big-endian halves, so spans can be keyed without allocating.
struct TraceID: Sendable, Hashable, Comparable {
    var high: UInt64
    var low: UInt64

    /// 32 lowercase hex digits, as OTLP's JSON mapping and the stored runs write it: one allocation (two halves
    /// joined were three).
    var hex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            Hex.write(high, into: buffer, at: 0)
            Hex.write(low, into: buffer, at: 16)
            return 32
        }
    }

    /// Reads 32 hex digits; nil for anything else.
    init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32, let high = Hex.value(utf8[0..<16]), let low = Hex.value(utf8[16..<32]) else {
            return nil
        }
        self.init(high: high, low: low)
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    static func < (a: TraceID, b: TraceID) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

/// A span's identity within the whole export: its trace and its 8-byte span id.
struct SpanKey: Sendable, Hashable {
    var trace: TraceID
    var span: UInt64
}

/// Fixed-width lowercase hex for ids.
enum Hex {
    /// 16 hex digits, most significant first.
    static func string(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            write(value, into: buffer, at: 0)
            return 16
        }
    }

    /// Writes `value`'s 16 hex digits into `buffer` from `offset`.
    /// Computed per nibble, with no table: a global array cost a lazy-initialisation check and a bounds check per
    /// digit, and every run writes 48 of them.
    static func write(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        precondition(offset >= 0 && offset + 16 <= buffer.count)
        for index in 0..<16 {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
            buffer[offset + index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
        }
    }

    /// The value of up to 16 hex digits (either case); nil for any other byte.
    static func value(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// A big-endian integer from exactly 8 bytes.
    static func bigEndian(_ bytes: some Collection<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
