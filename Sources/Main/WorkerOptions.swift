import ArgumentParser
import MetricsService

/// The worker flags of `agent-metrics server` (embed with `@OptionGroup var worker: WorkerOptions`).
struct WorkerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Longest time between worker passes (runs ingested here start one within 250 ms): a Go duration "
                + "(10s, 1m30s) or seconds (env AGENT_METRICS_WORKER_INTERVAL)."))
    var workerInterval = EnvironmentDefault.value(
        "AGENT_METRICS_WORKER_INTERVAL", default: DurationFlag(duration: .seconds(10)))

    @Flag(
        help: ArgumentHelp(
            "Run no worker in this process; the dashboard reloads from stored aggregates instead "
                + "(env AGENT_METRICS_NO_WORKER=1)."))
    var noWorker = false

    /// `--no-worker`, or its variable.
    var isWorkerOff: Bool { noWorker || EnvironmentDefault.bool("AGENT_METRICS_NO_WORKER") }

    @OptionGroup var retention: RetentionOptions
}

/// `--retention`, shared by `server` (for its in-process worker) and `worker`.
struct RetentionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Delete raw runs older than this once counted: days (90d) or a Go duration; forever keeps all "
                + "(env AGENT_METRICS_RETENTION). Aggregates keep every run."))
    var retention = EnvironmentDefault.value("AGENT_METRICS_RETENTION", default: RetentionFlag(duration: nil))
}
