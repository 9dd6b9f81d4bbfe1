import Testing

@testable import TimeFormats

struct RFC3339Tests {
    static let validCases: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("2023-08-01T12:00:00Z", 1_690_891_200_000),
        ("2023-08-01T13:00:00Z", 1_690_894_800_000),
        ("2023-08-01t12:00:00z", 1_690_891_200_000),
        // offsets, including ones that move the instant across midnight and into another year
        ("2023-08-01T17:30:00+05:30", 1_690_891_200_000),
        ("2023-08-01T04:00:00-08:00", 1_690_891_200_000),
        ("2023-07-31T23:00:00-13:00", 1_690_891_200_000),
        ("2024-01-01T00:30:00+01:00", 1_704_065_400_000),
        ("2023-12-31T23:30:00-00:30", 1_704_067_200_000),
        ("2023-08-01T12:00:00+00:00", 1_690_891_200_000),
        ("2023-08-01T12:00:00-00:00", 1_690_891_200_000),
        // fractional seconds, 1 to 9 digits (and more), truncated to milliseconds
        ("2023-08-01T12:00:00.1Z", 1_690_891_200_100),
        ("2023-08-01T12:00:00.12Z", 1_690_891_200_120),
        ("2023-08-01T12:00:00.123Z", 1_690_891_200_123),
        ("2023-08-01T12:00:00.1234Z", 1_690_891_200_123),
        ("2023-08-01T12:00:00.12345Z", 1_690_891_200_123),
        ("2023-08-01T12:00:00.123456Z", 1_690_891_200_123),
        ("2023-08-01T12:00:00.1234567Z", 1_690_891_200_123),
        ("2023-08-01T12:00:00.12345678Z", 1_690_891_200_123),
        ("2023-08-01T12:00:00.123456789Z", 1_690_891_200_123),
        ("2023-08-01T12:00:00.999999999999Z", 1_690_891_200_999),
        ("2023-08-01T12:00:00.5+02:00", 1_690_884_000_500),
        // leap years
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("2000-02-29T12:00:00Z", 951_825_600_000),
        ("2024-03-01T00:00:00Z", 1_709_251_200_000),
        ("2023-12-31T23:59:59Z", 1_704_067_199_000),
        // before the epoch and at the edges of the four-digit years
        ("1969-12-31T23:59:59.999Z", -1),
        ("1900-01-01T00:00:00Z", -2_208_988_800_000),
        ("0000-01-01T00:00:00Z", -62_167_219_200_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
    ]

    @Test(arguments: validCases)
    func parsesTimestampsWithAnyOffsetToUTCMilliseconds(text: String, milliseconds: Int64) {
        #expect(RFC3339.parseMilliseconds(text) == milliseconds)
    }

    static let invalidCases: [String] = [
        "",
        "2023-08-01",
        "2023-08-01 12:00:00Z",  // space instead of T
        "2023-08-0112:00:00Z",  // missing T
        "2023-08-01T12:00:00",  // no offset
        "2023-02-30T00:00:00Z",  // February 30th
        "2023-02-29T00:00:00Z",  // not a leap year
        "1900-02-29T00:00:00Z",  // century, not a leap year
        "2023-04-31T00:00:00Z",
        "2023-13-01T00:00:00Z",
        "2023-00-01T00:00:00Z",
        "2023-08-00T00:00:00Z",
        "2023-08-01T24:00:00Z",  // hour 24
        "2023-08-01T12:60:00Z",
        "2023-08-01T12:00:60Z",  // leap second: Go rejects it too
        "2023-08-01T12:00:00.Z",  // point without digits
        "2023-08-01T12:00:00+0530",
        "2023-08-01T12:00:00+05",
        "2023-08-01T12:00:00+24:00",
        "2023-08-01T12:00:00+05:60",
        "2023-08-01T12:00:00Zjunk",
        "2023-08-01T12:00:00+05:30junk",
        "23-08-01T12:00:00Z",
        "2023-8-1T12:00:00Z",
        "+2023-08-01T12:00:00Z",
        "2023-08-01T1:00:00Z",
        "２０２３-08-01T12:00:00Z",  // fullwidth digits
    ]

    @Test(arguments: invalidCases)
    func rejectsMalformedOrImpossibleTimestamps(text: String) {
        #expect(RFC3339.parseMilliseconds(text) == nil)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_690_891_200_000, "2023-08-01T12:00:00Z"),
        (1_690_891_200_123, "2023-08-01T12:00:00.123Z"),
        (1_690_891_200_005, "2023-08-01T12:00:00.005Z"),
        (1_709_164_800_000, "2024-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-2_208_988_800_000, "1900-01-01T00:00:00Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsUTCWithMillisecondsOnlyWhenPresent(milliseconds: Int64, text: String) {
        #expect(RFC3339.format(milliseconds: milliseconds) == text)
    }

    @Test
    func everyDayOfFourHundredYearsRoundTripsThroughTheCalendar() {
        // 1900-03-01 ... 2300-03-01 covers every leap-year rule.
        for days in Int64(-25_495)...Int64(120_600) {
            let (year, month, day) = RFC3339.civilFromDays(days)
            #expect(RFC3339.daysFromCivil(year: year, month: month, day: day) == days)
            let milliseconds = days * 86_400_000 + 43_200_123
            #expect(RFC3339.parseMilliseconds(RFC3339.format(milliseconds: milliseconds)) == milliseconds)
        }
    }
}
