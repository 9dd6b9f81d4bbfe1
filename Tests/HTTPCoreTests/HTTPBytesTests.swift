import Testing

@testable import HTTPCore

/// The byte classes are hand-packed bit masks and word-at-a-time checks; these pin them to their definitions.
@Suite struct HTTPBytesTests {
    @Test func tokenMaskMatchesTheRFC9110TcharDefinition() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPBytes.isToken(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }

    @Test func wordAtATimeValueCheckAgreesWithTheByteCheckAtEveryPosition() {
        for byte in UInt8.min...UInt8.max {
            for position in 0..<19 {
                var bytes = [UInt8](repeating: UInt8(ascii: "v"), count: 19)
                bytes[position] = byte
                let valid = bytes.withUnsafeBytes { HTTPBytes.allFieldValue($0, 0..<$0.count) }
                #expect(valid == HTTPBytes.isFieldValue(byte), "byte \(byte) at \(position)")
            }
        }
    }
}
