import ArgumentParser
import Foundation
import HTTPCore
import LoadGenerator
import TimeFormats

/// `agent-metrics-load <scenario> <base-url>`: the bundled load generator.
@main
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-metrics-load",
        abstract: "Load-test an agent-metrics server with realistic traffic and honest latency.",
        discussion: """
            Scenarios: ingest (register agents and post run batches, then verify every acknowledged run is \
            stored), read (dashboard requests), mixed (both), connections (hold idle keep-alive connections), \
            url (one URL, like wrk). Closed loop by default; --rate makes it an open loop whose latency is \
            measured from each request's intended send time.
            """
    )

    @Argument(help: "ingest, read, mixed, connections or url.")
    var scenario: LoadConfiguration.Scenario

    @Argument(help: "The server's base URL (for url: the full URL), e.g. http://127.0.0.1:8080.")
    var url: String

    @Option(name: [.short, .long], help: "Connections in total (closed loop: each sends as fast as it is answered).")
    var connections = 50

    @Option(name: [.short, .long], help: "Event loop threads generating load.")
    var threads = 1

    @Option(name: [.short, .long], help: "Open loop: requests per second over all connections.")
    var rate: Double?

    @Option(name: [.short, .long], help: "Measured duration (Go syntax: 30s, 1m, 500ms).")
    var duration = "10s"

    @Option(help: "Warm-up before measuring (Go syntax).")
    var warmup = "0s"

    @Option(help: "Requests outstanding per connection (HTTP pipelining).")
    var pipeline = 1

    @Option(help: "A request unanswered for this long fails as a timeout (Go syntax).")
    var timeout = "10s"

    @Flag(name: [.short, .long], help: "Skip TLS certificate verification (self-signed certificates).")
    var insecure = false

    @Option(help: "Extra CA certificate (PEM) to trust for HTTPS.")
    var cacert: String?

    @Option(help: "ingest/mixed: agents to register.")
    var agents = 10

    @Option(help: "ingest/mixed: versions per agent.")
    var versions = 3

    @Option(help: "ingest/mixed: runs per POST.")
    var batch = 100

    @Option(help: "ingest/mixed: fraction of runs that fail.")
    var failureRatio = 0.05

    @Option(help: "mixed: fraction of requests that are dashboard reads.")
    var readFraction = 0.2

    @Option(help: "ingest/mixed: agent name prefix (default: load-<random>, so runs never collide).")
    var prefix: String?

    @Flag(help: "ingest/mixed: skip checking that acknowledged runs are stored.")
    var noVerify = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Random seed for generated runs.")
    var seed: UInt64?

    @Option(
        help: ArgumentHelp(
            "API key sent as Authorization: Bearer with every request (env AGENT_METRICS_API_KEY). ingest and "
                + "mixed register, post and then list runs to verify them: an admin key, or an ingest key with "
                + "--no-verify."))
    var apiKey: String? = nil

    func validate() throws {
        if connections < 1 { throw ValidationError("--connections must be at least 1.") }
        if threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if threads > connections { throw ValidationError("--threads cannot exceed --connections.") }
        if pipeline < 1 { throw ValidationError("--pipeline must be at least 1.") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive.") }
        if batch < 1 || batch > 10_000 { throw ValidationError("--batch must be between 1 and 10000.") }
        if !(0...1).contains(failureRatio) { throw ValidationError("--failure-ratio must be between 0 and 1.") }
        if !(0...1).contains(readFraction) { throw ValidationError("--read-fraction must be between 0 and 1.") }
        if scenario == .ingest || scenario == .mixed {
            if agents < 1 || versions < 1 { throw ValidationError("--agents and --versions must be at least 1.") }
            if threads > agents * versions {
                throw ValidationError("--threads cannot exceed agents x versions (each thread owns whole versions).")
            }
        }
        for (name, value) in [("duration", duration), ("warmup", warmup), ("timeout", timeout)] {
            do {
                if try GoDuration.parseNanoseconds(value) < 0 {
                    throw ValidationError("--\(name) must not be negative.")
                }
            } catch let error as GoDurationError {
                throw ValidationError("--\(name): \(error) (expected Go syntax such as 30s, 500ms, 1m30s)")
            }
        }
        do { _ = try TargetURL(url) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        System.raiseOpenFileLimit()
        var configuration = LoadConfiguration(scenario: scenario, url: try TargetURL(url))
        configuration.url.apiKey = apiKey ?? ProcessInfo.processInfo.environment["AGENT_METRICS_API_KEY"]
        configuration.connections = connections
        configuration.threads = threads
        configuration.rate = rate
        configuration.duration = .nanoseconds(try GoDuration.parseNanoseconds(duration))
        configuration.warmup = .nanoseconds(try GoDuration.parseNanoseconds(warmup))
        configuration.timeout = .nanoseconds(try GoDuration.parseNanoseconds(timeout))
        configuration.pipeline = pipeline
        configuration.insecure = insecure
        configuration.caFile = cacert
        configuration.agents = agents
        configuration.versions = versions
        configuration.batch = batch
        configuration.distributions.failureRatio = failureRatio
        configuration.readFraction = readFraction
        configuration.skipVerification = noVerify
        configuration.seed = seed ?? UInt64.random(in: 1...UInt64.max)
        configuration.prefix = prefix ?? "load-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"

        var runner = LoadRunner(configuration: configuration)
        if isatty(STDERR_FILENO) == 1 {
            runner.progress = { line in
                // \r and clear-to-end keep it to one line that updates in place.
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            }
        }
        let result: LoadResult
        do {
            result = try runner.run()
        } catch {
            FileHandle.standardError.write(Data("agent-metrics-load: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if runner.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let report = LoadReport(result)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
        if result.lostRuns > 0 { throw ExitCode(3) }
        if result.statistics.requests == 0 && scenario != .connections { throw ExitCode(1) }
    }
}

extension LoadConfiguration.Scenario: ExpressibleByArgument {}
