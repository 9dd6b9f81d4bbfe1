/// Token counts of a span or a run, by the GenAI semantic conventions' `gen_ai.usage.*` attributes.
///
/// Every count is non-negative (negative attributes are refused at the door) and sums saturate at `Int64.max`
/// rather than trap, however many spans a run folds in.
public struct TokenUsage: Sendable, Equatable {
    /// `gen_ai.usage.input_tokens` (or the older `prompt_tokens`): every input token, cached ones included.
    public var input: Int64
    /// `gen_ai.usage.output_tokens` (or the older `completion_tokens`).
    public var output: Int64
    /// `gen_ai.usage.cache_read.input_tokens`: the part of `input` read from the provider's cache.
    public var cacheRead: Int64
    /// `gen_ai.usage.cache_creation.input_tokens`: the part of `input` written to the provider's cache.
    public var cacheCreation: Int64

    public init(input: Int64 = 0, output: Int64 = 0, cacheRead: Int64 = 0, cacheCreation: Int64 = 0) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheCreation = cacheCreation
    }

    public static let zero = TokenUsage()

    /// Adds `other`, saturating each count at `Int64.max`.
    public mutating func add(_ other: TokenUsage) {
        input = Self.saturatingSum(input, other.input)
        output = Self.saturatingSum(output, other.output)
        cacheRead = Self.saturatingSum(cacheRead, other.cacheRead)
        cacheCreation = Self.saturatingSum(cacheCreation, other.cacheCreation)
    }

    /// Input tokens neither read from nor written to the cache (never negative, even when a client reports
    /// cached tokens outside `input`).
    var uncachedInput: Int64 { max(0, input - cacheRead - cacheCreation) }

    private static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}
