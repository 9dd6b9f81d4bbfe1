import Foundation
import HTTPCore
import Testing

@Suite struct EntityTagTests {
    @Test func hashesBytesIntoAStableStrongTag() {
        let tag = EntityTag(hashing: Array("body".utf8))
        #expect(tag == EntityTag(hashing: Array("body".utf8)))
        #expect(tag != EntityTag(hashing: Array("bodz".utf8)))
        #expect(tag.value.utf8.count == 18)
        #expect(tag.value.hasPrefix("\"") && tag.value.hasSuffix("\""))
        // FNV-1a 64 of the empty input is its offset basis.
        #expect(EntityTag(hashing: []).value == "\"cbf29ce484222325\"")
    }

    @Test(arguments: [
        ("*", true), (" * ", true), ("TAG", true), ("W/TAG", true), ("\"x\", TAG", true), ("\"x\",W/TAG ,\"y\"", true),
        ("\"x\"", false), ("", false), ("W/\"x\"", false), ("**", false), ("TAGX", false),
    ])
    func matchesIfNoneMatchWeakly(field: String, matches: Bool) {
        let tag = EntityTag(hashing: Array("asset".utf8))
        let value = field.replacingOccurrences(of: "TAG", with: tag.value)
        #expect(tag.matches(ifNoneMatch: value) == matches, "\(value)")
    }
}
