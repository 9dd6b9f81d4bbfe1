import ArgumentParser
import Logging

/// How log lines look.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// swift-log's stream format: `time level label: [metadata] message`.
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json
}

/// The logging flags, shared by every command.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env AGENT_METRICS_LOG_LEVEL).")
    var logLevel = EnvironmentDefault.value("AGENT_METRICS_LOG_LEVEL", default: Logger.Level.info)

    @Option(help: "Log line format on stderr: text or json (env AGENT_METRICS_LOG_FORMAT).")
    var logFormat = EnvironmentDefault.value("AGENT_METRICS_LOG_FORMAT", default: LogFormat.text)

    /// Installs the backend; the only place the process does.
    func bootstrap() {
        let level = logLevel
        switch logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        }
    }
}
