import TimeFormats

/// The documented range of every value a client can store, checked at the door (ingest and query
/// strings) and again when the worker reads a stored run, so sums over any number of runs fit
/// the aggregates' accumulators and every stored value can be written back.
///
/// The bounds are far past anything a real agent reports, and tight enough that arithmetic on
/// them cannot trap: a run's cost in micro-dollars is at most 10^12 and its runtime in
/// microseconds at most 2.6·10^12, so even 2^63 of them sum well inside `Int128`.
public enum FieldBounds {
    /// Cost of one run, in dollars: finite, `0...1,000,000`.
    public static let maximumCost: Double = 1_000_000
    /// `time_taken` of one run, in seconds: `0...30 days`.
    public static let maximumTimeTakenSeconds: Double = 30 * 86_400
    /// `created`, `since`, `until` and cursor positions: from 1970-01-01T00:00:00Z through
    /// 9999-12-31T23:59:59.999Z (milliseconds since the epoch). Outside it dates are neither
    /// meaningful for agent runs nor storable everywhere (some servers reject years past 9999).
    public static let dates: ClosedRange<Int64> = 0...253_402_300_799_999
    /// Status strings, in UTF-8 bytes: they are kept in memory with the dashboard's recent runs.
    public static let maximumStatusBytes = 256
    /// Any other string field (names, initiator, cluster, deployment, each tool and model), in UTF-8 bytes.
    public static let maximumTextBytes = 1_024
    /// Entries in a `tools` or `models` list.
    public static let maximumListCount = 1_000

    /// Whether `text` holds U+0000, which no stored string may: names and versions are looked up by value, and a
    /// storage engine that reads strings as C strings (nx-27017's SQLite indexes do) would cut them at the NUL, so
    /// `a\0b` would collide with `a` (a 500 on register, runs filed under the wrong version). Real agents never
    /// send one.
    public static func containsNUL(_ text: some StringProtocol) -> Bool { text.utf8.contains(0) }

    /// The text a client sees for `containsNUL`.
    static let nulText = "must not contain U+0000 (NUL)"

    /// The text a client sees for the date bound.
    static let datesText = "between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"
}

extension FieldBounds {
    /// Why a date parameter was refused: the text a client sees after the field's name.
    struct DateError: Error {
        let message: String
    }

    /// An RFC 3339 timestamp within `dates`, in milliseconds since the epoch.
    static func parseDate(_ text: String) throws(DateError) -> Int64 {
        guard let milliseconds = RFC3339.parseMilliseconds(text) else {
            throw DateError(message: "must be an RFC 3339 timestamp such as 2023-08-01T12:00:00Z")
        }
        guard dates.contains(milliseconds) else { throw DateError(message: "must be \(datesText)") }
        return milliseconds
    }
}
