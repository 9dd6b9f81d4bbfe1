import ArgumentParser
import HTTPCore

/// The request-rate flags of `agent-metrics server`: token buckets per client IP and per API key.
struct RateLimitOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Requests per second one client IP may make, over all loops; 0 turns the limit off "
                + "(env AGENT_METRICS_RATE_LIMIT_PER_IP)."))
    var rateLimitPerIp = EnvironmentDefault.value("AGENT_METRICS_RATE_LIMIT_PER_IP", default: 1_000)

    @Option(
        help: "Requests one client IP may make at once after a quiet spell (env AGENT_METRICS_RATE_LIMIT_PER_IP_BURST)."
    )
    var rateLimitPerIpBurst = EnvironmentDefault.value("AGENT_METRICS_RATE_LIMIT_PER_IP_BURST", default: 2_000)

    @Option(
        help: ArgumentHelp(
            "Requests per second one API key may make, over all loops; 0 turns the limit off "
                + "(env AGENT_METRICS_RATE_LIMIT_PER_KEY)."))
    var rateLimitPerKey = EnvironmentDefault.value("AGENT_METRICS_RATE_LIMIT_PER_KEY", default: 500)

    @Option(
        help: "Requests one API key may make at once after a quiet spell (env AGENT_METRICS_RATE_LIMIT_PER_KEY_BURST).")
    var rateLimitPerKeyBurst = EnvironmentDefault.value("AGENT_METRICS_RATE_LIMIT_PER_KEY_BURST", default: 1_000)

    func validate() throws {
        for (name, value) in [
            ("--rate-limit-per-ip", rateLimitPerIp), ("--rate-limit-per-ip-burst", rateLimitPerIpBurst),
            ("--rate-limit-per-key", rateLimitPerKey), ("--rate-limit-per-key-burst", rateLimitPerKeyBurst),
        ] where value < 0 {
            throw ValidationError("\(name) must not be negative.")
        }
    }

    /// The per-IP limit, nil when off.
    var perAddress: TokenBucket.Limit? { Self.limit(rateLimitPerIp, burst: rateLimitPerIpBurst) }

    /// The per-key limit, nil when off.
    var perKey: TokenBucket.Limit? { Self.limit(rateLimitPerKey, burst: rateLimitPerKeyBurst) }

    private static func limit(_ rate: Int, burst: Int) -> TokenBucket.Limit? {
        rate == 0 ? nil : TokenBucket.Limit(ratePerSecond: UInt64(rate), burst: UInt64(max(burst, 1)))
    }
}
