/// What a comparison concludes about the candidate against the base.
public enum ComparisonVerdict: String, Sendable, Equatable, CaseIterable {
    /// Significantly worse, by at least the minimum practical effect.
    case worse
    /// Significantly better, by at least the minimum practical effect.
    case better
    /// Neither: no difference the data can tell apart, or one too small to matter.
    case noChange = "no_change"
    /// Below the minimum counts (or missing sums of squares): no guess is made.
    case insufficientData = "insufficient_data"

    /// The overall verdict of several metrics: `worse` if any is; else `insufficient_data` when none
    /// could be judged; else `better` if any is; else `no_change`.
    static func overall(_ verdicts: [ComparisonVerdict]) -> ComparisonVerdict {
        if verdicts.contains(.worse) { return .worse }
        if verdicts.allSatisfy({ $0 == .insufficientData }) { return .insufficientData }
        return verdicts.contains(.better) ? .better : .noChange
    }
}
