/// Settings of `POST /v1/traces` (flags in `Main`'s `OTLPOptions`).
public struct OTLPConfiguration: Sendable {
    /// The project of agents first seen over OTLP whose resource has no `service.namespace`.
    public var defaultProject: String
    /// Model prices for the runs' cost (`--prices-file`); empty prices every model at 0.
    public var prices: PriceTable
    /// How long a child span waits for its agent span before it is dropped and counted.
    public var pendingExpiryMs: Int64
    /// The most bytes a gzip body may inflate to; more is a 413.
    public var maxDecompressedBytes: Int

    public init(
        defaultProject: String = "", prices: PriceTable = PriceTable(), pendingExpiryMs: Int64 = 300_000,
        maxDecompressedBytes: Int = 32 * 1024 * 1024
    ) {
        self.defaultProject = defaultProject
        self.prices = prices
        self.pendingExpiryMs = pendingExpiryMs
        self.maxDecompressedBytes = maxDecompressedBytes
    }
}
