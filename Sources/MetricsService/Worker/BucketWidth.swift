/// The length of a time bucket: a UTC hour or a UTC day.
public enum BucketWidth: String, Sendable, CaseIterable {
    case hour
    case day

    public var lengthMs: Int64 {
        switch self {
        case .hour: 3_600_000
        case .day: 86_400_000
        }
    }

    /// The start of the bucket holding `milliseconds` (floor, also before 1970).
    public func start(of milliseconds: Int64) -> Int64 {
        let remainder = milliseconds % lengthMs
        return milliseconds - (remainder < 0 ? remainder + lengthMs : remainder)
    }

    /// The collection holding this width's buckets.
    var collection: String {
        switch self {
        case .hour: Collections.hourlyBuckets
        case .day: Collections.dailyBuckets
        }
    }
}
