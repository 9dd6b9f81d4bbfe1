import TimeFormats

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in milliseconds: the instants `RFC3339.format` writes with a
/// four-digit year, which is what `parseMilliseconds` reads back.
private let fourDigitYears: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

/// libFuzzer entry point (`make fuzz`): the Go-duration and RFC 3339 parsers on the same bytes, and their
/// formatters on the first eight bytes read as an integer and as a double.
///
/// Checks that whatever parses formats back to text that parses to the same value, that the String and byte
/// entry points of `RFC3339` agree, and that no formatter traps on any value of its type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDurationAndDate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)

    if let nanoseconds = try? GoDuration.parseNanoseconds(text) {
        checkDuration(nanoseconds)
    }

    let fromBytes = RFC3339.parseMilliseconds(bytes: bytes)
    if text.utf8.elementsEqual(bytes) {
        precondition(RFC3339.parseMilliseconds(text) == fromBytes, "String and byte parsing disagree")
    }
    if let milliseconds = fromBytes, fourDigitYears.contains(milliseconds) {
        let formatted = RFC3339.format(milliseconds: milliseconds)
        precondition(RFC3339.parseMilliseconds(formatted) == milliseconds, "RFC 3339 format → parse changed the time")
    }

    if size >= 8 {
        let raw = UnsafeRawBufferPointer(bytes).loadUnaligned(as: UInt64.self)
        let integer = Int64(bitPattern: raw)
        checkDuration(integer)
        _ = RFC3339.format(milliseconds: integer)
        let seconds = Double(bitPattern: raw)
        let rounded = GoDuration.nanoseconds(fromSeconds: seconds)
        precondition(
            (try? GoDuration.parseNanoseconds(GoDuration.format(seconds: seconds))) == rounded,
            "format(seconds:) does not parse back to its nanoseconds")
    }
    return 0
}

/// Go's `Duration.String` text for `nanoseconds` must parse back to exactly `nanoseconds`.
private func checkDuration(_ nanoseconds: Int64) {
    let formatted = GoDuration.format(nanoseconds: nanoseconds)
    precondition((try? GoDuration.parseNanoseconds(formatted)) == nanoseconds, "duration format → parse changed it")
}
