import TestSupport
import Testing

@testable import MetricsService

/// `Hex` writes ids as the stored runs and the pending-span lookup spell them: 16 lowercase digits per word,
/// zero-padded, most significant first, and reads them back.
@Suite struct HexTests {
    static func expected(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    @Test(
        arguments: [
            0, 1, 9, 10, 15, 16, 0xA, 0x9A, 0xFFFF_FFFF, 0x1_0000_0000, 0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210,
            UInt64.max, UInt64.max - 1, 0x8000_0000_0000_0000,
        ] as [UInt64])
    func edgeValuesAreWrittenAsStandardHex(value: UInt64) {
        #expect(Hex.string(value) == Self.expected(value))
        #expect(Hex.value(Hex.string(value).utf8) == value)
    }

    @Test func seededRandomValuesAreWrittenAsStandardHexAtAnyOffset() {
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<2_000 {
            var buffer = [UInt8](repeating: UInt8(ascii: "."), count: 40)
            let value = UInt64.random(in: .min ... .max, using: &generator)
            let offset = Int.random(in: 0...24, using: &generator)
            buffer.withUnsafeMutableBufferPointer { Hex.write(value, into: $0, at: offset) }
            #expect(String(decoding: buffer[offset..<offset + 16], as: UTF8.self) == Self.expected(value))
            // Nothing outside the 16 digits is touched.
            #expect(buffer[..<offset].allSatisfy { $0 == UInt8(ascii: ".") })
            #expect(buffer[(offset + 16)...].allSatisfy { $0 == UInt8(ascii: ".") })
        }
    }

    @Test func aTraceIDIsItsTwoHalvesInOrder() {
        let trace = TraceID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
        #expect(trace.hex == "0123456789abcdeffedcba9876543210")
        #expect(TraceID(hex: trace.hex) == trace)
    }
}
