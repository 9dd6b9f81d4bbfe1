import Testing

@testable import TimeFormats

/// Go's `parseDurationTests` and `parseDurationErrorTests` from `src/time/time_test.go`.
struct GoDurationTests {
    static let second: Int64 = 1_000_000_000
    static let millisecond: Int64 = 1_000_000
    static let microsecond: Int64 = 1_000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute

    static let validCases: [(String, Int64)] = [
        // simple
        ("0", 0),
        ("5s", 5 * second),
        ("30s", 30 * second),
        ("1478s", 1478 * second),
        // sign
        ("-5s", -5 * second),
        ("+5s", 5 * second),
        ("-0", 0),
        ("+0", 0),
        // decimal
        ("5.0s", 5 * second),
        ("5.6s", 5 * second + 600 * millisecond),
        ("5.s", 5 * second),
        (".5s", 500 * millisecond),
        ("1.0s", 1 * second),
        ("1.00s", 1 * second),
        ("1.004s", 1 * second + 4 * millisecond),
        ("1.0040s", 1 * second + 4 * millisecond),
        ("100.00100s", 100 * second + 1 * millisecond),
        // different units
        ("10ns", 10),
        ("11us", 11 * microsecond),
        ("12\u{00B5}s", 12 * microsecond),
        ("12\u{03BC}s", 12 * microsecond),
        ("13ms", 13 * millisecond),
        ("14s", 14 * second),
        ("15m", 15 * minute),
        ("16h", 16 * hour),
        // composite durations
        ("3h30m", 3 * hour + 30 * minute),
        ("10.5s4m", 4 * minute + 10 * second + 500 * millisecond),
        ("-2m3.4s", -(2 * minute + 3 * second + 400 * millisecond)),
        ("1h2m3s4ms5us6ns", 1 * hour + 2 * minute + 3 * second + 4 * millisecond + 5 * microsecond + 6),
        ("39h9m14.425s", 39 * hour + 9 * minute + 14 * second + 425 * millisecond),
        // large value
        ("52763797000ns", 52_763_797_000),
        // more than 9 digits after the decimal point (golang.org/issue/6617)
        ("0.3333333333333333333h", 20 * minute),
        // 1<<53 + 1 cannot be stored precisely in a float64
        ("9007199254740993ns", (1 << 53) + 1),
        // largest duration that int64 nanoseconds can represent
        ("9223372036854775807ns", Int64.max),
        ("9223372036854775.807us", Int64.max),
        ("9223372036854ms775us807ns", Int64.max),
        ("9223372036s854ms775us807ns", Int64.max),
        ("-9223372036854775808ns", Int64.min),
        ("-9223372036854775.808us", Int64.min),
        ("-9223372036854ms775us808ns", Int64.min),
        // largest negative round-trip value (golang.org/issue/48629)
        ("-2562047h47m16.854775808s", Int64.min),
        // huge string (golang.org/issue/15011)
        ("0.100000000000000000000h", 6 * minute),
        // the first overflow check in leadingFraction
        ("0.830103483285477580700h", 49 * minute + 48 * second + 372_539_827),
        // the spec's and the examples
        ("5m30s", 5 * minute + 30 * second),
        ("2m10s", 2 * minute + 10 * second),
        ("1h2m3.5s", hour + 2 * minute + 3 * second + 500 * millisecond),
        ("350ms", 350 * millisecond),
        ("1.5us", 1_500),
    ]

    @Test(arguments: validCases)
    func parsesGoDurationsToGosExactNanoseconds(text: String, nanoseconds: Int64) throws {
        #expect(try GoDuration.parseNanoseconds(text) == nanoseconds)
        let seconds = try GoDuration.parse(text)
        #expect(abs(seconds - Double(nanoseconds) / 1e9) <= abs(seconds) * 1e-15)
    }

    static let invalidCases: [String] = [
        "", "3", "-", "s", ".", "-.", ".s", "+.s", "1d",
        // Swift strings cannot hold invalid UTF-8; Go's "\x85\x85" and "\xffff" arrive repaired.
        String(decoding: [0x85, 0x85], as: UTF8.self),
        String(decoding: [0xFF, 0x66, 0x66, 0x66], as: UTF8.self),
        String(decoding: Array("hello ".utf8) + [0xFF] + Array("ff world".utf8), as: UTF8.self),
        "\u{FFFD}", "\u{FFFD} hello \u{FFFD} world",
        // overflow
        "9223372036854775810ns",
        "9223372036854775808ns",
        // largest duration in nanoseconds + 1
        "9223372036854775.808us",
        "9223372036854ms775us808ns",
        "-9223372036854775809ns",
        "9223372036s854ms775us808ns",
        // seconds, not milliseconds: a thousand times the maximum
        "9223372036854s775ms807us",
        // other shapes Go rejects
        "1h 2m", " 1s", "1s ", "--1s", "1.2.3s", "1S", "1H", "0x10s", "1e3s",
        // sums whose total passes 2^64 (Go wraps; we refuse)
        "-9223372036854775808ns9223372036854775808ns",
    ]

    @Test(arguments: invalidCases)
    func rejectsWhatGoRejects(text: String) {
        #expect(throws: GoDurationError.self) { try GoDuration.parseNanoseconds(text) }
    }

    @Test
    func errorsSayWhatIsWrongLikeGo() {
        #expect(throws: GoDurationError.missingUnit("3")) { try GoDuration.parse("3") }
        #expect(throws: GoDurationError.unknownUnit(unit: "d", in: "1d")) { try GoDuration.parse("1d") }
        #expect(throws: GoDurationError.invalid(".s")) { try GoDuration.parse(".s") }
        #expect(throws: GoDurationError.invalid("")) { try GoDuration.parse("") }
    }

    /// Go's `durationTests` for `Duration.String`.
    static let formatCases: [(Int64, String)] = [
        (0, "0s"),
        (1, "1ns"),
        (1_100, "1.1\u{00B5}s"),
        (2_200_000, "2.2ms"),
        (3_300_000_000, "3.3s"),
        (4 * minute + 5 * second, "4m5s"),
        (4 * minute + 5_001 * millisecond, "4m5.001s"),
        (5 * hour + 6 * minute + 7_001 * millisecond, "5h6m7.001s"),
        (8 * minute + 1, "8m0.000000001s"),
        (Int64.max, "2562047h47m16.854775807s"),
        (Int64.min, "-2562047h47m16.854775808s"),
        (hour, "1h0m0s"),
        (-1_500 * millisecond, "-1.5s"),
    ]

    @Test(arguments: formatCases)
    func formatsLikeGosDurationString(nanoseconds: Int64, text: String) {
        #expect(GoDuration.format(nanoseconds: nanoseconds) == text)
    }

    @Test(arguments: [
        (330.0, "5m30s"), (0.35, "350ms"), (0.0, "0s"), (1.5e-6, "1.5\u{00B5}s"), (3723.5, "1h2m3.5s"),
        (Double.nan, "0s"), (Double.infinity, "2562047h47m16.854775807s"),
    ])
    func formatsSecondsRoundedToNanoseconds(seconds: Double, text: String) {
        #expect(GoDuration.format(seconds: seconds) == text)
    }

    @Test(arguments: validCases.map(\.1))
    func formattedDurationsParseBackToTheSameValue(nanoseconds: Int64) throws {
        #expect(try GoDuration.parseNanoseconds(GoDuration.format(nanoseconds: nanoseconds)) == nanoseconds)
    }

    /// The load generator's `time_taken` values (up to ~2.8 hours), from a seeded SplitMix64 so a failure repeats.
    @Test func seededLoadGeneratorDurationsParseBack() throws {
        var state: UInt64 = 7
        for _ in 0..<1000 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            let value = Int64((mixed ^ (mixed >> 31)) % 10_000_000_000_000)
            #expect(try GoDuration.parseNanoseconds(GoDuration.format(nanoseconds: value)) == value)
        }
    }
}
