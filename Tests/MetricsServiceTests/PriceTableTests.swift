import Testing

@testable import MetricsService

struct PriceTableTests {
    @Test func pricesByExactNameThenLongestPrefix() throws {
        let table = try PriceTable.parse(
            Array(
                (#"{"gpt-4o": {"input": 2.5, "output": 10, "cached_input": 1.25}, "#
                    + #""gpt-4o-mini": {"input": 0.15, "output": 0.6}}"#).utf8))
        #expect(table.price(for: "gpt-4o-2024-08-06")?.input == 2.5)
        #expect(table.price(for: "gpt-4o-mini-2024-07-18")?.input == 0.15)
        #expect(table.price(for: "claude") == nil)
        // 600 uncached at 2.5, 400 cached at 1.25, 200 output at 10, per million.
        let cost = table.cost(model: "gpt-4o", tokens: TokenUsage(input: 1000, output: 200, cacheRead: 400))
        #expect(abs(cost - 0.004) < 1e-15)
        #expect(table.cost(model: "unknown", tokens: TokenUsage(input: 1000)) == 0)
    }

    @Test func refusesFilesItCannotPriceWith() {
        for text in [
            #"[]"#, #"{"m": 1}"#, #"{"m": {"input": 1}}"#, #"{"m": {"input": -1, "output": 1}}"#,
            #"{"m": {"input": "1", "output": 1}}"#, "{",
        ] {
            #expect(throws: PriceTable.Invalid.self) { try PriceTable.parse(Array(text.utf8)) }
        }
    }

    @Test func tokenSumsSaturateInsteadOfTrapping() {
        var usage = TokenUsage(input: .max - 1)
        usage.add(TokenUsage(input: 5, output: 1))
        #expect(usage.input == .max && usage.output == 1)
        #expect(TokenUsage(input: 1, cacheRead: 5).uncachedInput == 0)
    }
}
