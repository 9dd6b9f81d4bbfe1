import ArgumentParser
import MetricsService

/// The worker flags of `agent-metrics server` (embed with `@OptionGroup var worker: WorkerOptions`).
struct WorkerOptions: ParsableArguments {
    @Option(help: "Time between worker passes: a Go duration (10s, 1m30s) or seconds.")
    var workerInterval = WorkerInterval(duration: .seconds(10))

    @Flag(help: "Run no worker in this process; the dashboard reloads from stored aggregates instead.")
    var noWorker = false
}

/// A worker interval flag value: Go duration text or a plain number of seconds.
struct WorkerInterval: ExpressibleByArgument, Sendable {
    var duration: Duration

    init(duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        let seconds: Double?
        if let plain = Double(argument) {
            seconds = plain
        } else if let parsed = try? GoDuration.parse(argument) {
            seconds = parsed
        } else {
            seconds = nil
        }
        guard let seconds, seconds > 0, seconds.isFinite else { return nil }
        duration = .milliseconds(Int64((seconds * 1000).rounded()))
    }

    var defaultValueDescription: String { "\(duration)" }
}
