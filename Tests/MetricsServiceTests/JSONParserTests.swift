import Testing

@testable import MetricsService

struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test(arguments: [
        (
            #"{"a":1,"b":[true,false,null],"c":"x"}"#,
            JSONValue.object([
                ("a", .integer(1)), ("b", .array([.bool(true), .bool(false), .null])), ("c", .string("x")),
            ])
        ),
        (" [ ] ", .array([])),
        ("{}", .object([])),
        ("-0", .integer(0)),
        ("9223372036854775807", .integer(Int64.max)),
        ("-9223372036854775808", .integer(Int64.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("1.5", .double(1.5)),
        ("1e3", .double(1000)),
        ("1E-2", .double(0.01)),
        ("123.0", .double(123)),
        (#""a\"b\\c\/d\b\f\n\r\t""#, .string("a\"b\\c/d\u{8}\u{C}\n\r\t")),
        (#""\u00e9\u20AC\ud83d\ude00""#, .string("é€😀")),
        ("\"é€😀\"", .string("é€😀")),
    ])
    func parsesValidJSONExactly(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "{a:1}", "01", "1.", ".5", "-", "+1", "1e", "0x10",
        "NaN", "Infinity", "1e999", "-1e999", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud83d\"",
        "\"\\ude00\"", "\"a\nb\"", "{} {}", "[1] x", "{\"a\" 1}",
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
    }

    @Test
    func rejectsInvalidUTF8InStrings() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xC3, 0x22]) }
    }

    @Test
    func boundsNestingDepth() throws {
        let fine =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try parse(fine)
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try parse(deep) }
    }

    @Test
    func keepsTheLastOfRepeatedKeysLikeGo() throws {
        #expect(try parse(#"{"a":1,"a":2}"#)["a"] == .integer(2))
    }
}
