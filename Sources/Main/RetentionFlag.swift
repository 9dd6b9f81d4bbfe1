import ArgumentParser
import MetricsService

/// `--retention`: days (`90d`) or a Go duration, or `forever` (the default) to keep every run.
struct RetentionFlag: ExpressibleByArgument, Sendable {
    /// nil keeps every run.
    var duration: Duration?

    init(duration: Duration?) {
        self.duration = duration
    }

    init?(argument: String) {
        if argument == "forever" || argument == "off" {
            duration = nil
            return
        }
        guard let duration = RetentionPeriod.parse(argument) else { return nil }
        self.duration = duration
    }

    var defaultValueDescription: String { duration.map { "\($0)" } ?? "forever" }
}
