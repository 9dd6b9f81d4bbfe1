import Testing

@testable import MetricsService

/// The byte lookup of attribute keys (`OTLPWireReader`'s): every key's name finds its key, and a name of the same
/// length with one byte changed, a prefix or a longer name finds none.
struct AttributeKeyTests {
    static func key(_ name: [UInt8]) -> AttributeKey? {
        name.withUnsafeBufferPointer { AttributeKey(utf8: $0) }
    }

    @Test func everyNameFindsItsKey() {
        for key in AttributeKey.allCases {
            #expect(Self.key(Array(key.name.utf8)) == key, "\(key.name)")
            #expect(AttributeKey(name: key.name) == key)
        }
    }

    @Test func nearMissesFindNoKey() {
        for key in AttributeKey.allCases {
            let name = Array(key.name.utf8)
            for position in name.indices {
                var changed = name
                changed[position] ^= 0x01
                #expect(Self.key(changed) == nil, "\(key.name) with byte \(position) changed")
            }
            #expect(Self.key(Array(name.dropLast())) == nil, "\(key.name) less its last byte")
            #expect(Self.key(name + [0x78]) == nil, "\(key.name) and one more byte")
        }
        for name in ["", "x", "gen_ai.system", "gen_ai.response.id", "user.i", "user.idd", "ser.id"] {
            #expect(Self.key(Array(name.utf8)) == nil, "\(name)")
        }
        #expect(Self.key([UInt8](repeating: 0x61, count: 1000)) == nil)
    }
}
