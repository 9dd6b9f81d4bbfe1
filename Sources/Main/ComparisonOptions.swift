import ArgumentParser
import MetricsService

/// `--compare-min-runs`, shared by `server` (comparisons, regressions) and `worker` (alerts).
struct ComparisonOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Finished runs each version needs before a comparison judges it; fewer give insufficient_data "
                + "(env AGENT_METRICS_COMPARE_MIN_RUNS)."))
    var compareMinRuns = EnvironmentDefault.value(
        "AGENT_METRICS_COMPARE_MIN_RUNS", default: ComparisonConfiguration.defaultMinimumRuns)

    func validate() throws {
        if compareMinRuns < 2 { throw ValidationError("--compare-min-runs must be at least 2.") }
    }

    var configuration: ComparisonConfiguration { ComparisonConfiguration(minimumRuns: compareMinRuns) }
}
