/// How the worker and dashboard read a run's free-form `status`.
public enum RunOutcome: Sendable, Equatable {
    case success
    case failure
    case inProgress

    /// `completed`/`success`/`succeeded` are successes; `failed`/`error`/`timeout`/`cancelled`
    /// failures; anything else (`running`, `queued`, ...) is still in progress. Case-insensitive,
    /// since agents disagree on capitalisation.
    public init(status: String) {
        switch status.lowercased() {
        case "completed", "success", "succeeded": self = .success
        case "failed", "error", "timeout", "cancelled": self = .failure
        default: self = .inProgress
        }
    }

    /// The outcome's name in API bodies (`recent_activity`'s `outcome`), so clients and the page never
    /// repeat the classification: `success`, `failure` or `in_progress`.
    public var name: String {
        switch self {
        case .success: return "success"
        case .failure: return "failure"
        case .inProgress: return "in_progress"
        }
    }

    /// The lowercase statuses that count as success, for building `$in` filters.
    public static let successStatuses = ["completed", "success", "succeeded"]
    /// The lowercase statuses that count as failure, for building `$in` filters.
    public static let failureStatuses = ["failed", "error", "timeout", "cancelled"]
}
