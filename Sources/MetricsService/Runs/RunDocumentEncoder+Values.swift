import TimeFormats

/// The typed reading of one located member value, with the reference's rules (`FieldReader`,
/// `AgentRun.decode`): nil wherever the reference would report an error.
extension RunDocumentEncoder {
    /// A run member the fast path reads; every other name is `.other` and skipped.
    enum Field {
        case id, taskId, status, created, timeTaken, initiator, tools, models, cost, runs, other

        init(_ name: UnsafeBufferPointer<UInt8>) {
            func named(_ text: StaticString) -> Bool {
                name.hasSameBytes(as: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            }
            switch name.count {
            case 2: self = named("id") ? .id : .other
            case 4: self = named("cost") ? .cost : named("runs") ? .runs : .other
            case 5: self = named("tools") ? .tools : .other
            case 6: self = named("status") ? .status : named("models") ? .models : .other
            case 7: self = named("task_id") ? .taskId : named("created") ? .created : .other
            case 9: self = named("initiator") ? .initiator : .other
            case 10: self = named("time_taken") ? .timeTaken : .other
            default: self = .other
            }
        }
    }

    /// `time_taken` as given: its Go duration text (the client's bytes, or Go's formatting of a number of
    /// seconds) and its seconds; both nil when absent.
    struct TimeTaken {
        static let absent = TimeTaken(given: nil, formatted: nil, seconds: nil)
        let given: Range<Int>?
        let formatted: String?
        let seconds: Double?
    }

    /// An integer the way `FieldReader.optionalInteger` reads one: exact `Int64` text, or an integral
    /// number written with a fraction or exponent up to 2^53.
    func integer(_ value: RunMembers.Value) -> Int64? {
        switch value.kind {
        case .integer:
            return Self.int64(bytes(value.span))
        case .number:
            guard let double = double(value.span), double == double.rounded(), abs(double) <= 9_007_199_254_740_992
            else { return nil }
            return Int64(double)
        default: return nil
        }
    }

    /// A number the way `JSONParser` and `FieldReader.optionalNumber` read one: integer text that fits
    /// `Int64` converted from the integer, anything else parsed as a finite `Double`.
    func number(_ value: RunMembers.Value) -> Double? {
        switch value.kind {
        case .integer: return Self.int64(bytes(value.span)).map(Double.init) ?? double(value.span)
        case .number: return double(value.span)
        default: return nil
        }
    }

    /// `time_taken`: a Go duration string of at most 64 bytes or a number of seconds, within
    /// `0...FieldBounds.maximumTimeTakenSeconds`.
    func timeTaken(_ value: RunMembers.Value) -> TimeTaken? {
        let taken: TimeTaken
        switch value.kind {
        case .string:
            guard value.span.count <= 64,
                case .success(let nanoseconds) = GoDuration.nanoseconds(utf8: bytes(value.span))
            else { return nil }
            taken = TimeTaken(given: value.span, formatted: nil, seconds: Double(nanoseconds) / 1e9)
        case .integer, .number:
            guard let seconds = number(value) else { return nil }
            taken = TimeTaken(given: nil, formatted: GoDuration.format(seconds: seconds), seconds: seconds)
        default: return nil
        }
        guard let seconds = taken.seconds, seconds >= 0, seconds <= FieldBounds.maximumTimeTakenSeconds else {
            return nil
        }
        return taken
    }

    /// The strings of a `tools` or `models` array `writeList` accepted (empty when absent).
    func strings(_ value: RunMembers.Value?) -> [String] {
        guard let value else { return [] }
        var list = JSONSpanScanner(scanner.bytes, at: value.span.lowerBound)
        var strings: [String] = []
        _ = list.consume(UInt8(ascii: "["))
        while let element = list.string() {
            strings.append(String(decoding: bytes(element), as: UTF8.self))
            _ = list.consume(UInt8(ascii: ","))
        }
        return strings
    }

    /// `Int64(text)` for `-?[0-9]+` text; nil when out of range.
    static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < text.count else { return nil }
        // Accumulated negatively so Int64.min fits.
        var value: Int64 = 0
        while index < text.count {
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, underflow) = scaled.subtractingReportingOverflow(Int64(text[index] &- UInt8(ascii: "0")))
            guard !overflow, !underflow else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// `Double(text)` when finite, as `JSONParser` reads numbers.
    private func double(_ span: Range<Int>) -> Double? {
        if let exact = Self.decimal(bytes(span)) { return exact }
        guard let double = Double(String(decoding: bytes(span), as: UTF8.self)), double.isFinite else { return nil }
        return double
    }

    /// Powers of ten that are exact doubles.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// A plain decimal (`-?digits[.digits]`, at most 15 digits in all) without `strtod`: its digits as an
    /// integer below 2^53 and 10^fraction are both exact doubles, so one IEEE division rounds exactly as
    /// `Double(text)` does (Clinger's fast path). Nil for any other text.
    static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = text.first == UInt8(ascii: "-") ? 1 : 0
        var digits: UInt64 = 0
        var count = 0
        var fractionDigits = -1
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                guard fractionDigits < 0 else { return nil }
                fractionDigits = 0
            } else {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10, count < 15 else { return nil }
                digits = digits * 10 + UInt64(digit)
                count += 1
                if fractionDigits >= 0 { fractionDigits += 1 }
            }
            index += 1
        }
        guard count > 0 else { return nil }
        let magnitude = Double(digits) / powersOfTen[max(fractionDigits, 0)]
        return text.first == UInt8(ascii: "-") ? -magnitude : magnitude
    }
}

/// Where each member of one run object the fast path reads sits in the body (the last of repeated names).
struct RunMembers {
    enum Kind { case string, integer, number, null, array, other }

    struct Value {
        let kind: Kind
        /// A string's contents, a number's text, an array's or other value's whole text.
        let span: Range<Int>
    }

    private(set) var id, taskId, status, created, timeTaken, initiator, tools, models, cost: Value?

    /// Sets `field`'s value; `null` reads as absent, as in `FieldReader`.
    mutating func set(_ field: RunDocumentEncoder.Field, _ value: Value) {
        let value = value.kind == .null ? nil : value
        switch field {
        case .id: id = value
        case .taskId: taskId = value
        case .status: status = value
        case .created: created = value
        case .timeTaken: timeTaken = value
        case .initiator: initiator = value
        case .tools: tools = value
        case .models: models = value
        case .cost: cost = value
        case .runs, .other: break
        }
    }
}
