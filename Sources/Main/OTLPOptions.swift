import ArgumentParser
import Foundation
import MetricsService

/// The flags of `POST /v1/traces` (embed with `@OptionGroup var otlp: OTLPOptions`).
struct OTLPOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Project of agents first seen over OTLP whose resource has no service.namespace "
                + "(env AGENT_METRICS_OTLP_DEFAULT_PROJECT)."))
    var otlpDefaultProject = EnvironmentDefault.value("AGENT_METRICS_OTLP_DEFAULT_PROJECT", default: "")

    @Option(
        help: ArgumentHelp(
            "JSON file of model prices in USD per million tokens, e.g. {\"gpt-4o\": {\"input\": 2.5, \"output\": 10, "
                + "\"cached_input\": 1.25}}, for the cost of OTLP runs (env AGENT_METRICS_PRICES_FILE).",
            valueName: "path"))
    var pricesFile: String?

    @Option(
        help: ArgumentHelp(
            "How long an OTLP child span waits for its agent span before it is dropped and counted: a Go duration "
                + "or seconds (env AGENT_METRICS_OTLP_PENDING_EXPIRY)."))
    var otlpPendingExpiry = EnvironmentDefault.value(
        "AGENT_METRICS_OTLP_PENDING_EXPIRY", default: DurationFlag(duration: .seconds(300)))

    @Option(
        help: ArgumentHelp(
            "Most bytes a gzip OTLP body may inflate to; more is a 413 "
                + "(env AGENT_METRICS_OTLP_MAX_DECOMPRESSED_BYTES)."))
    var otlpMaxDecompressedBytes = EnvironmentDefault.value(
        "AGENT_METRICS_OTLP_MAX_DECOMPRESSED_BYTES", default: 32 * 1024 * 1024)

    /// The configuration, reading the prices file.
    func configuration() throws -> OTLPConfiguration {
        guard otlpMaxDecompressedBytes >= 1 else {
            throw ValidationError("--otlp-max-decompressed-bytes must be at least 1.")
        }
        let expiry = otlpPendingExpiry.duration.components
        let expiryMs = expiry.seconds * 1000 + expiry.attoseconds / 1_000_000_000_000_000
        guard expiryMs >= 1 else { throw ValidationError("--otlp-pending-expiry must be positive.") }
        var prices = PriceTable()
        if let path = pricesFile ?? EnvironmentDefault.string("AGENT_METRICS_PRICES_FILE") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--prices-file: cannot read \(path).")
            }
            do {
                prices = try PriceTable.parse(Array(data))
            } catch {
                throw ValidationError("--prices-file \(path): \(error)")
            }
        }
        return OTLPConfiguration(
            defaultProject: otlpDefaultProject, prices: prices, pendingExpiryMs: expiryMs,
            maxDecompressedBytes: otlpMaxDecompressedBytes)
    }
}
