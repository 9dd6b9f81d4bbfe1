import ArgumentParser
import HTTPCore
import Logging
import MetricsService

/// `agent-metrics server`: runs the HTTP server until SIGTERM/SIGINT; SIGHUP reloads the TLS certificate and
/// the API keys file.
///
/// Every flag can also come from an environment variable `AGENT_METRICS_<FLAG>` (`--event-loops` is
/// `AGENT_METRICS_EVENT_LOOPS`), named in its help; a flag on the command line wins. A boolean flag's
/// variable turns it on with `1`, `true` or `yes`.
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the HTTP API server."
    )

    @Option(help: "Address to listen on (env AGENT_METRICS_HOST).")
    var host = EnvironmentDefault.value("AGENT_METRICS_HOST", default: "0.0.0.0")

    @Option(help: "Port to listen on (0 picks a free port and logs it) (env AGENT_METRICS_PORT).")
    var port = EnvironmentDefault.value("AGENT_METRICS_PORT", default: 8080)

    @Option(
        help: ArgumentHelp(
            "PEM certificate chain; TLS is enabled when both --tls-cert and --tls-key are given "
                + "(env AGENT_METRICS_TLS_CERT)."))
    var tlsCert: String?

    @Option(help: "PEM private key for --tls-cert (env AGENT_METRICS_TLS_KEY).")
    var tlsKey: String?

    @Option(help: "Number of event loop threads (default: number of cores) (env AGENT_METRICS_EVENT_LOOPS).")
    var eventLoops = EnvironmentDefault.value("AGENT_METRICS_EVENT_LOOPS", default: System.coreCount)

    @Option(
        help: ArgumentHelp(
            "How connections reach the loops: reuseport (a listener per loop) or single (one acceptor) "
                + "(env AGENT_METRICS_ACCEPT_MODE)."))
    var acceptMode = EnvironmentDefault.value(
        "AGENT_METRICS_ACCEPT_MODE", default: HTTPServerConfiguration.AcceptMode.reusePort)

    @Option(help: "Maximum open connections; more are answered 503 and closed (env AGENT_METRICS_MAX_CONNECTIONS).")
    var maxConnections = EnvironmentDefault.value("AGENT_METRICS_MAX_CONNECTIONS", default: 65_536)

    @Option(
        help: ArgumentHelp(
            "Maximum open connections from one client IP; its further sockets are refused "
                + "(env AGENT_METRICS_MAX_CONNECTIONS_PER_IP)."))
    var maxConnectionsPerIp = EnvironmentDefault.value("AGENT_METRICS_MAX_CONNECTIONS_PER_IP", default: 256)

    @Option(
        help: ArgumentHelp(
            "Host names the server answers for (repeatable or comma-separated; port ignored); others get 421 "
                + "(env AGENT_METRICS_ALLOWED_HOSTS).",
            valueName: "host"))
    var allowedHosts: [String] = []

    @Option(
        help: ArgumentHelp(
            "Origin whose pages may call the API cross-origin, e.g. https://dash.example (repeatable; "
                + "env AGENT_METRICS_CORS_ORIGINS, comma-separated).",
            valueName: "origin"))
    var corsOrigin: [String] = []

    @Option(help: "Strict-Transport-Security value sent with TLS, or off (env AGENT_METRICS_HSTS).")
    var hsts = EnvironmentDefault.value("AGENT_METRICS_HSTS", default: "max-age=63072000")

    @Option(help: "Maximum size of a request's header block, in bytes (env AGENT_METRICS_MAX_HEADER_BYTES).")
    var maxHeaderBytes = EnvironmentDefault.value("AGENT_METRICS_MAX_HEADER_BYTES", default: 16 * 1024)

    @Option(help: "Maximum length of a request URI, in bytes (env AGENT_METRICS_MAX_URI_BYTES).")
    var maxURIBytes = EnvironmentDefault.value("AGENT_METRICS_MAX_URI_BYTES", default: 8 * 1024)

    @Option(help: "Maximum request body size, in bytes (env AGENT_METRICS_MAX_BODY_BYTES).")
    var maxBodyBytes = EnvironmentDefault.value("AGENT_METRICS_MAX_BODY_BYTES", default: 8 * 1024 * 1024)

    @Option(help: "Seconds allowed to receive a request's headers (env AGENT_METRICS_HEADER_TIMEOUT).")
    var headerTimeout = EnvironmentDefault.value("AGENT_METRICS_HEADER_TIMEOUT", default: 10.0)

    @Option(help: "Seconds an idle keep-alive connection stays open (env AGENT_METRICS_IDLE_TIMEOUT).")
    var idleTimeout = EnvironmentDefault.value("AGENT_METRICS_IDLE_TIMEOUT", default: 60.0)

    @Option(help: "Seconds allowed between reads of a request body (env AGENT_METRICS_BODY_TIMEOUT).")
    var bodyTimeout = EnvironmentDefault.value("AGENT_METRICS_BODY_TIMEOUT", default: 30.0)

    @Option(help: "Seconds a response may make no progress being sent (env AGENT_METRICS_WRITE_TIMEOUT).")
    var writeTimeout = EnvironmentDefault.value("AGENT_METRICS_WRITE_TIMEOUT", default: 30.0)

    @Option(help: "Seconds allowed to complete a TLS handshake (env AGENT_METRICS_TLS_HANDSHAKE_TIMEOUT).")
    var tlsHandshakeTimeout = EnvironmentDefault.value("AGENT_METRICS_TLS_HANDSHAKE_TIMEOUT", default: 10.0)

    @Option(help: "Seconds shutdown waits for in-flight requests (env AGENT_METRICS_DRAIN_TIMEOUT).")
    var drainTimeout = EnvironmentDefault.value("AGENT_METRICS_DRAIN_TIMEOUT", default: 10.0)

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var observability: ObservabilityOptions

    @OptionGroup var mongo: MongoOptions

    @OptionGroup var rateLimits: RateLimitOptions

    @OptionGroup var worker: WorkerOptions

    @OptionGroup var comparison: ComparisonOptions

    @OptionGroup var auth: AuthOptions

    func validate() throws {
        let tlsCert = tlsCert ?? EnvironmentDefault.string("AGENT_METRICS_TLS_CERT")
        let tlsKey = tlsKey ?? EnvironmentDefault.string("AGENT_METRICS_TLS_KEY")
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key must be given together.")
        }
        try auth.validate(tlsEnabled: tlsCert != nil)
        if eventLoops < 1 { throw ValidationError("--event-loops must be at least 1.") }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
        if maxConnectionsPerIp < 1 { throw ValidationError("--max-connections-per-ip must be at least 1.") }
        do {
            _ = try hostValidation
        } catch {
            throw ValidationError("--allowed-hosts: \"\(error.entry)\" is not a host[:port].")
        }
        do {
            _ = try corsPolicy
        } catch {
            throw ValidationError("--cors-origin: \"\(error.origin)\" is not an http(s)://host[:port] origin.")
        }
        if HardeningOptions.strictTransportSecurity(hsts) == nil {
            throw ValidationError("--hsts must be off or a Strict-Transport-Security value starting max-age=N.")
        }
    }

    /// `--allowed-hosts`, else `AGENT_METRICS_ALLOWED_HOSTS`; no list accepts any valid host.
    var hostValidation: HostValidation {
        get throws(HostValidation.InvalidEntry) {
            let hosts = HardeningOptions.list(allowedHosts, environment: "AGENT_METRICS_ALLOWED_HOSTS")
            return hosts.isEmpty ? HostValidation() : try HostValidation(allowedHosts: hosts)
        }
    }

    /// `--cors-origin`, else `AGENT_METRICS_CORS_ORIGINS`; none turns CORS off.
    var corsPolicy: CORSPolicy {
        get throws(CORSPolicy.InvalidOrigin) {
            try CORSPolicy(allowedOrigins: HardeningOptions.list(corsOrigin, environment: "AGENT_METRICS_CORS_ORIGINS"))
        }
    }

    func run() throws {
        let signals = SignalWaiter()
        System.raiseOpenFileLimit()
        logging.bootstrap()
        let exposition = PrometheusBootstrap.bootstrap()
        let logger = Logger(label: "agent-metrics")
        let keys = try auth.loadKeys(logger: logger)
        let group = try EventLoopGroup(count: eventLoops)
        // One pool for the process; connecting is lazy, so a database that is down does not stop
        // the server from starting (requests answer 503 until it is back).
        let pool = try MongoPool(configuration: mongo.configuration, logger: Logger(label: "agent-metrics.storage"))
        let application = MetricsApplication(
            pool: pool, logger: logger, workerInterval: worker.isWorkerOff ? nil : worker.workerInterval.duration,
            retention: worker.retention.retention.duration, cors: try corsPolicy, keys: keys,
            rateLimitPerKey: rateLimits.perKey, observability: observability.configuration(exposition: exposition),
            comparison: comparison.configuration)
        let server = try HTTPServer(configuration: serverConfiguration, group: group, logger: logger) { loop in
            application.makeResponder(loop: loop)
        }
        try server.start()
        // Background work (indexes, the worker actor) runs on a loop like the handlers: the same runtime.
        application.start(loop: group.loops[0])
        logger.info("using MongoDB", metadata: ["mongo.database": "\(mongo.dbName)"])
        while true {
            switch signals.next() {
            case .reload:
                do {
                    try server.reloadTLS()
                    logger.info("TLS certificate reloaded")
                } catch {
                    logger.error("TLS reload failed; keeping the old certificate", metadata: ["error": "\(error)"])
                }
                auth.reload(keys, logger: logger)
            case .terminate:
                logger.info("shutting down")
                server.shutdown()
                // After the drain: in-flight requests may still need the pool.
                application.stop()
                pool.shutdown()
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
        configuration.maxConnectionsPerAddress = maxConnectionsPerIp
        configuration.rateLimitPerAddress = rateLimits.perAddress
        configuration.accessLog = observability.isAccessLogOn
        // Checked in `validate`.
        configuration.hostValidation = (try? hostValidation) ?? HostValidation()
        configuration.strictTransportSecurity = HardeningOptions.strictTransportSecurity(hsts) ?? nil
        configuration.limits = HTTPParserLimits(
            maxHeaderBytes: maxHeaderBytes, maxURIBytes: maxURIBytes, maxBodyBytes: maxBodyBytes)
        configuration.timeouts.headerRead = .seconds(headerTimeout)
        configuration.timeouts.idle = .seconds(idleTimeout)
        configuration.timeouts.bodyRead = .seconds(bodyTimeout)
        configuration.timeouts.write = .seconds(writeTimeout)
        configuration.timeouts.drain = .seconds(drainTimeout)
        // Optional flags have no default to carry an environment fallback, so it is read here.
        let tlsCert = tlsCert ?? EnvironmentDefault.string("AGENT_METRICS_TLS_CERT")
        let tlsKey = tlsKey ?? EnvironmentDefault.string("AGENT_METRICS_TLS_KEY")
        if let tlsCert, let tlsKey {
            configuration.tls = TLSConfiguration(
                certificatePath: tlsCert, keyPath: tlsKey, handshakeTimeout: .seconds(tlsHandshakeTimeout))
        }
        return configuration
    }
}

extension HTTPServerConfiguration.AcceptMode: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
