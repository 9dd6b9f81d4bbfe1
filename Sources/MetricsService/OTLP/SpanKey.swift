/// A trace id (16 bytes) as two big-endian halves, so spans can be keyed without allocating.
struct TraceID: Sendable, Hashable, Comparable {
    var high: UInt64
    var low: UInt64

    /// 32 lowercase hex digits, as OTLP's JSON mapping and the stored runs write it: one allocation (two halves
    /// joined were three).
    var hex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            writeHex(into: buffer, at: 0)
            return 32
        }
    }

    /// Writes the 32 hex digits of `hex` into `buffer` from `offset` (run documents and the pending-span lookup
    /// write them in place).
    func writeHex(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        Hex.write(high, into: buffer, at: offset)
        Hex.write(low, into: buffer, at: offset + 16)
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

    /// Writes `value`'s 16 hex digits into `buffer` from `offset`: eight digits at a time, each half's nibbles
    /// spread one per byte and turned into ASCII in one word (every run writes 80 digits: its trace and span ids,
    /// and its trace in the pending-span lookup).
    static func write(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        precondition(offset >= 0 && offset + 16 <= buffer.count)
        let base = UnsafeMutableRawPointer(buffer.baseAddress!) + offset
        base.storeBytes(of: digits(UInt32(truncatingIfNeeded: value >> 32)), as: UInt64.self)
        base.storeBytes(of: digits(UInt32(truncatingIfNeeded: value)), toByteOffset: 8, as: UInt64.self)
    }

    /// The 8 lowercase hex digits of `value`, most significant first in memory.
    @inline(__always)
    private static func digits(_ value: UInt32) -> UInt64 {
        // 0xABCDEFGH → 0x0A0B0C0D0E0F0G0H: one nibble per byte, the most significant in the top byte.
        var spread = UInt64(value)
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        spread = (spread | spread << 4) & 0x0F0F_0F0F_0F0F_0F0F
        // 1 in each byte whose nibble is 10 or more, which then moves from after "9" to "a".
        let letters = ((spread &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        let ascii = spread &+ 0x3030_3030_3030_3030 &+ letters &* UInt64(UInt8(ascii: "a") - UInt8(ascii: "9") - 1)
        return ascii.bigEndian
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
