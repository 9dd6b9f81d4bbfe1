import Testing

@testable import LoadGenerator

@Suite struct GoDurationTests {
    @Test(arguments: [
        ("30s", Int64(30_000_000_000)), ("500ms", 500_000_000), ("1h2m3.5s", 3_723_500_000_000), ("1.5us", 1_500),
        ("1.5µs", 1_500), ("2m", 120_000_000_000), ("0", 0), (".5s", 500_000_000), ("1.s", 1_000_000_000),
        ("10ns", 10), ("-1s", -1_000_000_000),
    ])
    func parsesGoSyntax(text: String, nanoseconds: Int64) throws {
        #expect(try GoDuration.nanoseconds(text) == nanoseconds)
    }

    @Test(arguments: ["", "10", "s", "1x", "1.2.3s", ".s", "ms10", "1 s"])
    func rejectsWhatGoRejects(text: String) {
        #expect(throws: GoDuration.ParseError.self) { try GoDuration.nanoseconds(text) }
    }

    @Test func formatsLikeGoDurationString() {
        #expect(GoDuration.format(nanoseconds: 0) == "0s")
        #expect(GoDuration.format(nanoseconds: 350_000_000) == "350ms")
        #expect(GoDuration.format(nanoseconds: 3_723_500_000_000) == "1h2m3.5s")
        #expect(GoDuration.format(nanoseconds: 330_000_000_000) == "5m30s")
        #expect(GoDuration.format(nanoseconds: 1_500) == "1.5µs")
        #expect(GoDuration.format(nanoseconds: 3_412_000_000) == "3.412s")
    }

    @Test func formattedValuesParseBack() throws {
        var random = FastRandom(seed: 7)
        for _ in 0..<1000 {
            let value = Int64(random.next() % 10_000_000_000_000)
            #expect(try GoDuration.nanoseconds(GoDuration.format(nanoseconds: value)) == value)
        }
    }
}
