import ArgumentParser
import MetricsService

/// The worker flags of `agent-metrics server` (embed with `@OptionGroup var worker: WorkerOptions`).
struct WorkerOptions: ParsableArguments {
    @Option(help: "Time between worker passes: a Go duration (10s, 1m30s) or seconds.")
    var workerInterval = DurationFlag(duration: .seconds(10))

    @Flag(help: "Run no worker in this process; the dashboard reloads from stored aggregates instead.")
    var noWorker = false
}
