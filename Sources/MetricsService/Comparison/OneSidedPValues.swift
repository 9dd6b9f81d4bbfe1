/// The two one-sided p-values of a comparison: how surprising the data would be if the candidate were
/// no worse (`worse`), and if it were no better (`better`), than the base.
struct OneSidedPValues: Sendable, Equatable {
    var worse: Double
    var better: Double

    /// Both 1: no evidence either way (identical samples, or nothing to compare).
    static let none = OneSidedPValues(worse: 1, better: 1)

    /// The p-value reported: twice the smaller one-sided p-value, at most 1 (the two-sided test whose
    /// rejection region is the union of the two one-sided ones).
    var twoSided: Double { min(1, 2 * min(worse, better)) }
}
