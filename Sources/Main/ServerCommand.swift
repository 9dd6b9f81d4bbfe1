import ArgumentParser
import HTTPCore
import Logging
import MetricsService

/// `agent-metrics server`: runs the HTTP server until SIGTERM/SIGINT; SIGHUP reloads the TLS certificate.
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the HTTP API server."
    )

    @Option(help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "Port to listen on (0 picks a free port and logs it).")
    var port = 8080

    @Option(help: "PEM certificate chain; TLS is enabled when both --tls-cert and --tls-key are given.")
    var tlsCert: String?

    @Option(help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(help: "Number of event loop threads (default: number of cores).")
    var eventLoops = System.coreCount

    @Option(help: "How connections reach the loops: reuseport (a listener per loop) or single (one acceptor).")
    var acceptMode = HTTPServerConfiguration.AcceptMode.reusePort

    @Option(help: "Maximum open connections; more are answered 503 and closed.")
    var maxConnections = 65_536

    @Option(help: "Maximum size of a request's header block, in bytes.")
    var maxHeaderBytes = 16 * 1024

    @Option(help: "Maximum length of a request URI, in bytes.")
    var maxURIBytes = 8 * 1024

    @Option(help: "Maximum request body size, in bytes.")
    var maxBodyBytes = 8 * 1024 * 1024

    @Option(help: "Seconds allowed to receive a request's headers.")
    var headerTimeout = 10.0

    @Option(help: "Seconds an idle keep-alive connection stays open.")
    var idleTimeout = 60.0

    @Option(help: "Seconds allowed between reads of a request body.")
    var bodyTimeout = 30.0

    @Option(help: "Seconds a response may make no progress being sent.")
    var writeTimeout = 30.0

    @Option(help: "Seconds allowed to complete a TLS handshake.")
    var tlsHandshakeTimeout = 10.0

    @Option(help: "Seconds shutdown waits for in-flight requests.")
    var drainTimeout = 10.0

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = Logger.Level.info

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key must be given together.")
        }
        if eventLoops < 1 { throw ValidationError("--event-loops must be at least 1.") }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
    }

    func run() throws {
        let signals = SignalWaiter()
        System.raiseOpenFileLimit()
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "agent-metrics")
        let group = try EventLoopGroup(count: eventLoops)
        let application = MetricsApplication(logger: logger)
        let server = try HTTPServer(configuration: serverConfiguration, group: group, logger: logger) { loop in
            application.makeResponder(loop: loop)
        }
        try server.start()
        while true {
            switch signals.next() {
            case .reload:
                do {
                    try server.reloadTLS()
                    logger.info("TLS certificate reloaded")
                } catch {
                    logger.error("TLS reload failed; keeping the old certificate", metadata: ["error": "\(error)"])
                }
            case .terminate:
                logger.info("shutting down")
                server.shutdown()
                group.shutdown()
                return
            }
        }
    }

    var serverConfiguration: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.eventLoops = eventLoops
        configuration.acceptMode = acceptMode
        configuration.maxConnections = maxConnections
        configuration.limits = HTTPParserLimits(
            maxHeaderBytes: maxHeaderBytes, maxURIBytes: maxURIBytes, maxBodyBytes: maxBodyBytes)
        configuration.timeouts.headerRead = .seconds(headerTimeout)
        configuration.timeouts.idle = .seconds(idleTimeout)
        configuration.timeouts.bodyRead = .seconds(bodyTimeout)
        configuration.timeouts.write = .seconds(writeTimeout)
        configuration.timeouts.drain = .seconds(drainTimeout)
        if let tlsCert, let tlsKey {
            configuration.tls = TLSConfiguration(
                certificatePath: tlsCert, keyPath: tlsKey, handshakeTimeout: .seconds(tlsHandshakeTimeout))
        }
        return configuration
    }
}

extension HTTPServerConfiguration.AcceptMode: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
