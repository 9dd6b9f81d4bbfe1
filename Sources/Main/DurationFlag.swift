import ArgumentParser
import MetricsService
import TimeFormats

/// A positive duration flag value: Go duration text (`10s`, `1m30s`, `500ms`) or a plain number
/// of seconds, at most a billion seconds so the conversion to milliseconds cannot overflow.
struct DurationFlag: ExpressibleByArgument, Sendable {
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
        guard let seconds, seconds > 0, seconds <= 1e9 else { return nil }
        duration = .milliseconds(Int64((seconds * 1000).rounded()))
    }

    var defaultValueDescription: String { "\(duration)" }
}
