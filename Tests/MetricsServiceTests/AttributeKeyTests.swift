import Testing

@testable import MetricsService

/// Keys matched as bytes: every known name, and names that share a known one's length and last bytes (what the
/// first comparison looks at) but differ before them, which must not match.
struct AttributeKeyTests {
    static func key(_ name: String) -> AttributeKey? {
        Array(name.utf8).withUnsafeBufferPointer { AttributeKey(utf8: $0) }
    }

    @Test func everyNameMatchesItsKeyAndOnlyIt() {
        for key in AttributeKey.allCases {
            #expect(Self.key(key.name) == key)
            #expect(AttributeKey(name: key.name) == key)
            // Same length and same last 8 bytes, another first byte.
            var other = Array(key.name.utf8)
            other[0] ^= 0x20
            #expect(Self.key(String(decoding: other, as: UTF8.self)) == nil, "\(key.name)")
        }
        for name in ["", "x", "gen_ai.system", "gen_ai.response.id", "user.i", "user.idd", "ser.id"] {
            #expect(Self.key(name) == nil, "\(name)")
        }
    }
}
