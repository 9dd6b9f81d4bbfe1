import Testing

@testable import HTTPCore

@Suite struct PercentDecodingTests {
    @Test func returnsPlainTextUnchanged() {
        #expect(PercentDecoding.decode("agent-1", plusAsSpace: false) == "agent-1")
    }

    @Test func decodesEscapesInEitherCase() {
        #expect(PercentDecoding.decode("a%20b%2fc%2Fd", plusAsSpace: false) == "a b/c/d")
    }

    @Test func decodesMultiByteUTF8() {
        #expect(PercentDecoding.decode("caf%C3%A9", plusAsSpace: false) == "café")
    }

    @Test func treatsPlusAsSpaceOnlyWhenAsked() {
        #expect(PercentDecoding.decode("a+b", plusAsSpace: true) == "a b")
        #expect(PercentDecoding.decode("a+b", plusAsSpace: false) == "a+b")
        #expect(PercentDecoding.decode("a%2Bb", plusAsSpace: true) == "a+b")
    }

    @Test(arguments: ["%", "%2", "abc%", "%G0", "%0g", "%%41"])
    func rejectsTruncatedOrNonHexEscapes(input: String) {
        #expect(PercentDecoding.decode(Substring(input), plusAsSpace: false) == nil)
    }

    @Test(arguments: ["%FF", "%C3", "%C3%28", "%ED%A0%80"])
    func rejectsInvalidUTF8(input: String) {
        #expect(PercentDecoding.decode(Substring(input), plusAsSpace: false) == nil)
    }
}
