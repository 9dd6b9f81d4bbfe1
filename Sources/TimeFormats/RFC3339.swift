/// RFC 3339 timestamps to and from BSON-style milliseconds since the Unix epoch, with plain
/// integer arithmetic: this runs for every run ingested and every run listed, so no Foundation.
///
/// Parsing accepts `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with `T`/`Z` in either case and
/// any number of fraction digits (truncated to milliseconds). Like Go's `time.Parse`, it
/// rejects leap seconds (`:60`), hour 24 and dates that do not exist (February 30th).
public enum RFC3339 {
    /// Milliseconds since the epoch, or nil when `text` is not a valid RFC 3339 timestamp.
    public static func parseMilliseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseMilliseconds(bytes: $0) }
    }

    /// Milliseconds since the epoch from UTF-8 bytes, or nil when they are not a valid timestamp.
    public static func parseMilliseconds(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        // Shortest form: "2023-08-01T12:00:00Z" (20 bytes).
        guard bytes.count >= 20 else { return nil }
        guard let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"),
            let day = number(bytes, 8, 2), bytes[10] | 0x20 == UInt8(ascii: "t"),
            let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
            let minute = number(bytes, 14, 2), bytes[16] == UInt8(ascii: ":"),
            let second = number(bytes, 17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var index = 19
        var milliseconds: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var weight: Int64 = 100
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                milliseconds += Int64(digit) * weight
                weight /= 10
                index += 1
            }
            guard index > start else { return nil }
        }

        guard index < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count - index == 6, let offsetHours = number(bytes, index + 1, 2),
                bytes[index + 3] == UInt8(ascii: ":"), let offsetMinutes = number(bytes, index + 4, 2),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = Int64(offsetHours * 3600 + offsetMinutes * 60)
            if bytes[index] == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }

        let days = daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
        let localSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        // A local time at offset +05:30 is 5h30m ahead of UTC, so subtract the offset.
        return (localSeconds - offsetSeconds) * 1000 + milliseconds
    }

    /// Formats as UTC, `2023-08-01T12:00:00Z`, with `.123` only when the milliseconds are not zero.
    public static func format(milliseconds: Int64) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(24)
        append(milliseconds: milliseconds, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the `format(milliseconds:)` text to `buffer` (for the JSON writers).
    public static func append(milliseconds: Int64, to buffer: inout [UInt8]) {
        // Floor division so instants before 1970 land on the right day.
        let (seconds, millis) = floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilFromDays(days)
        appendPadded(year, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendPadded(secondOfDay / 3600, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2, to: &buffer)
        if millis != 0 {
            buffer.append(UInt8(ascii: "."))
            appendPadded(millis, width: 3, to: &buffer)
        }
        buffer.append(UInt8(ascii: "Z"))
    }

    // MARK: - Calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days)

    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: - Bytes

    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Exactly `width` decimal digits starting at `start`.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ width: Int) -> Int? {
        guard start + width <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + width) {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Years outside 0...9999 cannot come from `parseMilliseconds`; they print with a sign and
    /// at least four digits rather than being clipped.
    private static func appendPadded(_ value: Int64, width: Int, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var digitCount = 1
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 {
            divisor *= 10
            digitCount += 1
        }
        for _ in digitCount..<max(width, digitCount) { buffer.append(UInt8(ascii: "0")) }
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }
}
