#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte classes and scanning primitives shared by the request parser; none of them allocate.
enum HTTPBytes {
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let question = UInt8(ascii: "?")

    /// RFC 9110 `tchar` (the bytes allowed in methods and field names) as a bit per byte 0–63 and 64–127,
    /// so the check is a shift and a mask instead of a chain of range compares.
    static let tokenMaskLow: UInt64 = 0x03ff_6cfa_0000_0000
    static let tokenMaskHigh: UInt64 = 0x57ff_ffff_c7ff_fffe

    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tokenMaskLow >> byte) & 1 != 0 }
        if byte < 128 { return (tokenMaskHigh >> (byte &- 64)) & 1 != 0 }
        return false
    }

    /// Field values may hold visible ASCII, SP, HTAB and obs-text; any other control byte (NUL, bare CR, …)
    /// is a smuggling or injection risk, so it is rejected rather than passed to handlers.
    @inline(__always)
    static func isFieldValue(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == tab
    }

    /// Whether every byte of `range` is a valid field-value byte. Values such as cookies are long, so this
    /// checks eight bytes per step and only looks at single bytes in a word that might hold a control byte.
    @inline(__always)
    static func allFieldValue(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = range.lowerBound
        while index + 8 <= range.upperBound {
            let word = buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let delete = word ^ (ones &* 0x7F)
            // Standard SWAR tests: some byte < 0x20, or some byte == 0x7F.
            let hasControl = (word &- ones &* 0x20) & ~word & highs
            let hasDelete = (delete &- ones) & ~delete & highs
            if hasControl | hasDelete != 0 {
                for position in index..<index + 8 where !isFieldValue(buffer[position]) { return false }
            }
            index += 8
        }
        while index < range.upperBound {
            guard isFieldValue(buffer[index]) else { return false }
            index += 1
        }
        return true
    }

    /// Request targets are visible ASCII only: no spaces, controls or raw non-ASCII.
    @inline(__always)
    static func isTarget(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// The offset of the first `byte` in `range` of `buffer`, found with `memchr` (vectorised in libc).
    @inline(__always)
    static func find(_ byte: UInt8, in buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = buffer.baseAddress else { return nil }
        guard let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// `range` narrowed to exclude leading and trailing SP/HTAB (RFC 9110 OWS).
    @inline(__always)
    static func trimmed(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isWhitespace(buffer[lower]) { lower += 1 }
        while upper > lower, isWhitespace(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Whether `range` of `buffer` equals `lowercase` ignoring ASCII case; `lowercase` must be lower case.
    @inline(__always)
    static func equalsIgnoringCase(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ lowercase: StaticString)
        -> Bool
    {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for index in 0..<range.count {
            let want = expected[index]
            let have = buffer[range.lowerBound + index]
            // OR-ing 0x20 folds only letters correctly, so it is applied only when the expected byte is a letter.
            if want >= UInt8(ascii: "a") && want <= UInt8(ascii: "z") {
                if have | 0x20 != want { return false }
            } else if have != want {
                return false
            }
        }
        return true
    }

    /// Whether `range` of `buffer` holds exactly the bytes of `literal`.
    @inline(__always)
    static func equals(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount, let base = buffer.baseAddress else { return false }
        return memcmp(base + range.lowerBound, literal.utf8Start, range.count) == 0
    }

    /// An owned string for `range` of `buffer`.
    @inline(__always)
    static func string(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }
}
