import HTTPCore
import TimeFormats

/// Appends compact JSON to a byte buffer, inserting commas itself so callers only say what
/// comes next. No Foundation: this writes every response body on the read path.
public struct JSONWriter: Sendable {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8]
    /// Whether the next value or key needs a comma before it.
    private var needsComma = false

    /// Starts an empty buffer, reserving `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member name; the next call writes its value.
    public mutating func key(_ name: String) {
        separate()
        JSONString.append(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        JSONString.append(value, to: &bytes)
        needsComma = true
    }

    public mutating func int(_ value: Int64) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    /// An aggregate's sum: JSON numbers have no size limit, so sums past `Int64` print in full.
    public mutating func int128(_ value: Int128) {
        guard let narrow = Int64(exactly: value) else {
            separate()
            bytes.append(contentsOf: String(value).utf8)
            needsComma = true
            return
        }
        int(narrow)
    }

    /// Writes a number in its shortest round-trip form, with integral values written without a
    /// fraction (`5`, not `5.0`) as Go's `encoding/json` does. JSON has no NaN or infinity, so
    /// those write `null`; validated records never hold them.
    public mutating func double(_ value: Double) {
        separate()
        defer { needsComma = true }
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        // Below 2^53 an integral double is an exact Int64; above, `description` uses an exponent.
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            appendDecimal(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Writes an RFC 3339 UTC timestamp string.
    public mutating func date(milliseconds: Int64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(milliseconds: milliseconds, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes an array of strings; an empty list writes `[]`, never `null`.
    public mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }
}
