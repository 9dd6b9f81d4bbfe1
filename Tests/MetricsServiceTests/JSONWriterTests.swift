import Testing

@testable import MetricsService

struct JSONWriterTests {
    private func written(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test(arguments: [
        (5.0, "5"), (0.0, "0"), (-0.0, "0"), (0.1, "0.1"), (0.05, "0.05"), (123.45, "123.45"), (-2.5, "-2.5"),
        (1e-7, "1e-07"), (9_007_199_254_740_991, "9007199254740991"), (1e300, "1e+300"),
        (Double.nan, "null"), (Double.infinity, "null"),
    ])
    func writesNumbersInShortestFormWithoutTrailingZeroFraction(value: Double, text: String) {
        #expect(written { $0.double(value) } == text)
    }

    @Test
    func insertsCommasBetweenMembersAndElements() {
        let text = written { writer in
            writer.beginObject()
            writer.key("a")
            writer.int(-12)
            writer.key("b")
            writer.stringArray(["x", "y\"z"])
            writer.key("c")
            writer.stringArray([])
            writer.key("d")
            writer.beginArray()
            writer.beginObject()
            writer.endObject()
            writer.null()
            writer.bool(true)
            writer.endArray()
            writer.key("e")
            writer.date(milliseconds: 1_690_891_200_000)
            writer.endObject()
        }
        #expect(text == #"{"a":-12,"b":["x","y\"z"],"c":[],"d":[{},null,true],"e":"2023-08-01T12:00:00Z"}"#)
    }

    @Test(arguments: [Int64.min, Int64.max, 0, 7, -7, 10, 1_000_000])
    func writesIntegersExactly(value: Int64) {
        #expect(written { $0.int(value) } == String(value))
    }
}
