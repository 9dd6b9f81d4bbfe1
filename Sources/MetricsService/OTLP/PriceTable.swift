/// Model prices from `--prices-file`, in US dollars per million tokens, so every OTLP run's cost is derived the
/// same way from its tokens.
///
/// The file is one JSON object from model name to prices:
/// `{"gpt-4o": {"input": 2.5, "output": 10, "cached_input": 1.25}, "claude-sonnet-4": {"input": 3, "output": 15,
/// "cached_input": 0.3, "cache_creation": 3.75}}`. `input` and `output` are required; `cached_input` (cache reads)
/// and `cache_creation` (cache writes) default to `input`.
public struct PriceTable: Sendable, Equatable {
    /// One model's rates, dollars per million tokens, each finite and non-negative.
    public struct Price: Sendable, Equatable {
        public var input: Double
        public var output: Double
        public var cachedInput: Double
        public var cacheCreation: Double

        public init(input: Double, output: Double, cachedInput: Double? = nil, cacheCreation: Double? = nil) {
            self.input = input
            self.output = output
            self.cachedInput = cachedInput ?? input
            self.cacheCreation = cacheCreation ?? input
        }
    }

    /// Why a prices file was refused.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Model name to its rates.
    public var prices: [String: Price]

    public init(prices: [String: Price] = [:]) {
        self.prices = prices
    }

    /// Reads a prices file's bytes.
    public static func parse(_ bytes: [UInt8]) throws(Invalid) -> PriceTable {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw Invalid(description: "not JSON: \(error)")
        }
        guard case .object(let models) = value else { throw Invalid(description: "must be a JSON object of models") }
        var prices: [String: Price] = [:]
        for (model, entry) in models {
            guard case .object(let members) = entry else {
                throw Invalid(description: "\(model): must be an object such as {\"input\": 2.5, \"output\": 10}")
            }
            func rate(_ name: String, required: Bool) throws(Invalid) -> Double? {
                guard let value = members.last(where: { $0.0 == name })?.1 else {
                    if required { throw Invalid(description: "\(model).\(name): required") }
                    return nil
                }
                let number: Double
                switch value {
                case .integer(let integer): number = Double(integer)
                case .double(let double): number = double
                default: throw Invalid(description: "\(model).\(name): must be a number")
                }
                guard number.isFinite, (0...1_000_000).contains(number) else {
                    throw Invalid(description: "\(model).\(name): must be between 0 and 1000000 dollars")
                }
                return number
            }
            prices[model] = Price(
                input: try rate("input", required: true)!, output: try rate("output", required: true)!,
                cachedInput: try rate("cached_input", required: false),
                cacheCreation: try rate("cache_creation", required: false))
        }
        return PriceTable(prices: prices)
    }

    /// The rates of `model`: its own entry, else the longest entry that is a prefix of it (so `gpt-4o` prices
    /// `gpt-4o-2024-08-06`); nil when none matches.
    public func price(for model: String) -> Price? {
        guard !prices.isEmpty else { return nil }
        if let exact = prices[model] { return exact }
        var best: (length: Int, price: Price)?
        for (name, price) in prices where model.hasPrefix(name) && name.utf8.count > (best?.length ?? 0) {
            best = (name.utf8.count, price)
        }
        return best?.price
    }

    /// Dollars for `tokens` used with `model`: uncached input, cache reads, cache writes and output, each at its
    /// rate; 0 for a model without a price.
    public func cost(model: String, tokens: TokenUsage) -> Double {
        guard let price = price(for: model) else { return 0 }
        let perMillion =
            Double(tokens.uncachedInput) * price.input + Double(tokens.cacheRead) * price.cachedInput
            + Double(tokens.cacheCreation) * price.cacheCreation + Double(tokens.output) * price.output
        return perMillion / 1_000_000
    }
}
