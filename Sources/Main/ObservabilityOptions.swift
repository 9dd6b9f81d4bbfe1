import ArgumentParser
import MetricsService

/// The flags of `agent-metrics server` for its operational endpoints and access log.
struct ObservabilityOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Serve /metrics without an API key, for a scraper on a private network; otherwise it will need the "
                + "read scope once API keys exist (env AGENT_METRICS_METRICS_OPEN=1)."))
    var metricsOpen = false

    @Option(
        help: ArgumentHelp(
            "Most agent versions with per-version series in /metrics, the most recently active ones "
                + "(env AGENT_METRICS_METRICS_MAX_VERSIONS)."))
    var metricsMaxVersions = EnvironmentDefault.value("AGENT_METRICS_METRICS_MAX_VERSIONS", default: 500)

    @Flag(
        help: ArgumentHelp(
            "Log one line per request: time, request id, method, route, status, bytes, duration, key name, "
                + "client IP (env AGENT_METRICS_ACCESS_LOG=1)."))
    var accessLog = false

    func validate() throws {
        if metricsMaxVersions < 0 { throw ValidationError("--metrics-max-versions must not be negative.") }
    }

    /// `--metrics-open`, or its variable.
    var isMetricsOpen: Bool { metricsOpen || EnvironmentDefault.bool("AGENT_METRICS_METRICS_OPEN") }

    /// `--access-log`, or its variable.
    var isAccessLogOn: Bool { accessLog || EnvironmentDefault.bool("AGENT_METRICS_ACCESS_LOG") }

    func configuration(exposition: @escaping @Sendable () -> [UInt8]) -> ObservabilityConfiguration {
        ObservabilityConfiguration(exposition: exposition, metricsOpen: isMetricsOpen, maxVersions: metricsMaxVersions)
    }
}
