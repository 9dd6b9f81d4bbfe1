import Testing
import TestSupport

@testable import MetricsService

struct JSONSpanScannerTests {
    /// The hand-written UTF-8 check agrees with the standard library's on random bytes biased to the
    /// edges (lead bytes, continuation bytes, surrogates, past U+10FFFF, truncation).
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var random = SeededGenerator(seed: 0x07F8_2026)
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xA0, 0x9F, 0xED, 0xEF,
            0xF0, 0x90, 0x8F, 0xF4, 0xF5, 0xFF,
        ]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...6, using: &random)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &random)
                    ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let actual = bytes.withUnsafeBufferPointer { JSONSpanScanner.isValidUTF8($0) }
            #expect(actual == expected, "\(bytes)")
        }
    }

    @Test func stringsWithEscapesOrControlCharactersAreDeclined() {
        for text in [#""a\"b""#, #""a\\""#, "\"a\nb\"", #""abc"#] {
            let bytes = Array(text.utf8)
            let range = bytes.withUnsafeBufferPointer { buffer -> Range<Int>? in
                var scanner = JSONSpanScanner(buffer)
                return scanner.string()
            }
            #expect(range == nil, "\(text)")
        }
        let plain = Array(#"  "héllo" "#.utf8)
        plain.withUnsafeBufferPointer { buffer in
            var scanner = JSONSpanScanner(buffer)
            let range = scanner.string()
            let atEnd = scanner.atEnd()
            #expect(range == 3..<9)
            #expect(atEnd)
        }
    }
}
