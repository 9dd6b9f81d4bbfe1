import Histogram

/// The machine-readable report (`--json`); the human table is rendered from the same values.
public struct LoadReport: Encodable, Sendable {
    public struct Latency: Encodable, Sendable {
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var p999: Double
        public var max: Double
        public var mean: Double

        init(_ histogram: Histogram<UInt64>) {
            func ms(_ value: UInt64) -> Double { (Double(value) / 1e3).rounded() / 1e3 }
            let empty = histogram.totalCount == 0
            p50 = empty ? 0 : ms(histogram.valueAtPercentile(50))
            p90 = empty ? 0 : ms(histogram.valueAtPercentile(90))
            p99 = empty ? 0 : ms(histogram.valueAtPercentile(99))
            p999 = empty ? 0 : ms(histogram.valueAtPercentile(99.9))
            max = empty ? 0 : ms(histogram.max)
            mean = empty ? 0 : (histogram.mean / 1e3).rounded() / 1e3
        }
    }

    public struct Errors: Encodable, Sendable {
        public var total: UInt64
        /// Responses with status ≥ 400, by status.
        public var status: [String: UInt64]
        /// Transport failures by kind (connect, timeout, reset, protocol, bad_ack).
        public var kind: [String: UInt64]
    }

    public struct Endpoint: Encodable, Sendable {
        public var requests: UInt64
        public var throughput_rps: Double
        public var latency_ms: Latency
    }

    public struct Bytes: Encodable, Sendable {
        public var read: UInt64
        public var written: UInt64
    }

    public struct Held: Encodable, Sendable {
        public var requested: Int
        public var established: Int
        public var closed_by_server: Int
        public var connect_failures: Int
        public var answered_probe: UInt64
    }

    public var scenario: String
    public var url: String
    public var model: String
    public var connections: Int
    public var threads: Int
    public var pipeline: Int
    public var rate: Double?
    public var duration_s: Double
    public var requests: UInt64
    public var throughput_rps: Double
    public var latency_ms: Latency
    public var errors: Errors
    public var bytes: Bytes
    public var missed_sends: UInt64
    public var endpoints: [String: Endpoint]?
    public var acknowledged_runs: Int?
    public var runs_per_second: Double?
    public var unacknowledged_runs: Int?
    public var lost_runs: Int?
    public var missing_ids: [String: [Int64]]?
    public var verification_failures: [String]?
    public var held: Held?

    public init(_ result: LoadResult) {
        let configuration = result.configuration
        let statistics = result.statistics
        scenario = configuration.scenario.rawValue
        url = configuration.url.description
        model = configuration.rate == nil ? "closed" : "open"
        connections = configuration.connections
        threads = configuration.threads
        pipeline = configuration.pipeline
        rate = configuration.rate
        duration_s = (result.elapsedSeconds * 1000).rounded() / 1000
        requests = statistics.requests
        throughput_rps = (result.throughput * 10).rounded() / 10
        latency_ms = Latency(statistics.latency)
        let statusErrors = statistics.errorStatuses
        let kindErrors = statistics.errorKinds
        errors = Errors(
            total: statusErrors.values.reduce(0, +) + kindErrors.values.reduce(0, +),
            status: Dictionary(uniqueKeysWithValues: statusErrors.map { (String($0.key), $0.value) }),
            kind: kindErrors)
        bytes = Bytes(read: statistics.bytesRead, written: statistics.bytesWritten)
        missed_sends = statistics.missedSends
        if !statistics.perLabel.isEmpty {
            var endpoints: [String: Endpoint] = [:]
            for (index, label) in configuration.labels.enumerated() where index < statistics.perLabel.count {
                let histogram = statistics.perLabel[index]
                guard histogram.totalCount > 0 else { continue }
                endpoints[label] = Endpoint(
                    requests: histogram.totalCount,
                    throughput_rps: result.elapsedSeconds > 0
                        ? (Double(histogram.totalCount) / result.elapsedSeconds * 10).rounded() / 10 : 0,
                    latency_ms: Latency(histogram))
            }
            self.endpoints = endpoints
        }
        if let acknowledged = result.acknowledged {
            acknowledged_runs = acknowledged.count
            unacknowledged_runs = acknowledged.unacknowledged
            // Every 201 acknowledged a whole batch, so runs/s follows from the 201s in the window.
            runs_per_second =
                result.elapsedSeconds > 0
                ? (Double(statistics.statuses[201]) * Double(configuration.batch) / result.elapsedSeconds).rounded() : 0
            lost_runs = result.verification?.lostCount
            if let verification = result.verification {
                missing_ids = verification.missing.isEmpty ? nil : verification.missing
                verification_failures = verification.failures.isEmpty ? nil : verification.failures
            }
        }
        if let held = result.held {
            self.held = Held(
                requested: configuration.connections, established: held.established,
                closed_by_server: held.closedByServer, connect_failures: held.failed,
                answered_probe: statistics.statuses[200..<300].reduce(0, +))
        }
    }
}
