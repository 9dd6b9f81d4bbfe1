import Glibc
import HTTPCore

/// Runs one load test: set-up through the API, the load on `threads` event loops, the measured window,
/// the drain, and (for ingest and mixed) verification.
public struct LoadRunner: Sendable {
    public let configuration: LoadConfiguration
    /// Called about once a second with a one-line status (the command shows it on a terminal only).
    public var progress: (@Sendable (String) -> Void)?

    public init(configuration: LoadConfiguration) {
        self.configuration = configuration
    }

    /// Runs the test and returns its measurements. Throws when set-up fails.
    public func run() throws -> LoadResult {
        let configuration = configuration
        let address = try SocketAddress(host: configuration.url.host, port: configuration.url.port)
        let tls =
            try configuration.url.secure
            ? TLSClientContext(
                serverName: configuration.url.host, insecure: configuration.insecure, caFile: configuration.caFile)
            : nil
        let client = BlockingHTTPClient(url: configuration.url, address: address, tlsContext: tls)
        let plan = configuration.plan
        var readVersions: [(agent: String, version: String)] = []
        switch configuration.scenario {
        case .ingest, .mixed:
            try AgentSetup.create(plan, client: client)
            readVersions = plan.versions.map { ($0.agent, $0.version) }
        case .read:
            readVersions = try AgentSetup.discover(client: client)
        case .url, .connections:
            break
        }
        let readPairs = readVersions.map { ReadTarget(agent: $0.agent, version: $0.version) }

        let threads = configuration.threads
        let group = try EventLoopGroup(count: threads)
        defer { group.shutdown() }
        var handles: [WorkerHandle] = []
        for (index, loop) in group.loops.enumerated() {
            var settings = WorkerSettings(
                connections: configuration.connections / threads + (index < configuration.connections % threads ? 1 : 0)
            )
            settings.pipeline = configuration.pipeline
            settings.rate = configuration.rate.map { $0 / Double(threads) }
            settings.timeout = Monotonic.nanoseconds(configuration.timeout)
            settings.holdIdle = configuration.scenario == .connections
            settings.labels = configuration.labels.count
            let workerSettings = settings
            let handle = loop.submitAndWait {
                let source = Self.makeSource(configuration, plan: plan, reads: readPairs, worker: index, of: threads)
                let worker = LoadWorker(
                    loop: loop, address: address, tlsContext: tls, settings: workerSettings, source: source)
                return WorkerHandle(worker)
            }
            handles.append(handle)
        }

        for handle in handles { handle.loop.execute { handle.worker.start() } }
        var result: LoadResult
        if configuration.scenario == .connections {
            result = runHold(handles)
        } else {
            result = runLoad(handles)
        }
        if configuration.scenario == .ingest || configuration.scenario == .mixed {
            var acknowledged = AcknowledgedRuns()
            for handle in handles {
                let part = handle.loop.submitAndWait { () -> AcknowledgedRuns in
                    let source = handle.worker.source
                    return (source as? IngestSource)?.acknowledged ?? (source as? MixedSource)?.acknowledged
                        ?? AcknowledgedRuns()
                }
                acknowledged.merge(part)
            }
            result.acknowledged = acknowledged
            if !configuration.skipVerification {
                progress?("verifying \(acknowledged.count) acknowledged runs…")
                result.verification = RunVerifier.verify(acknowledged, plan: plan, client: client)
            }
        }
        return result
    }

    private func runLoad(_ handles: [WorkerHandle]) -> LoadResult {
        if configuration.warmup > .zero { wait(configuration.warmup, label: "warm-up", handles) }
        for handle in handles { handle.loop.submitAndWait { handle.worker.beginMeasuring() } }
        wait(configuration.duration, label: "running", handles)
        var statistics = LoadStatistics(labels: configuration.labels.count)
        var elapsed: UInt64 = 0
        for handle in handles {
            let (part, nanos) = handle.loop.submitAndWait { handle.worker.endMeasuring() }
            statistics.merge(part)
            elapsed += nanos
        }
        stop(handles)
        return LoadResult(
            configuration: configuration, statistics: statistics,
            elapsedSeconds: Double(elapsed) / Double(handles.count) / 1e9)
    }

    private func runHold(_ handles: [WorkerHandle]) -> LoadResult {
        wait(configuration.duration, label: "holding", handles)
        for handle in handles { handle.loop.submitAndWait { handle.worker.probeHeldConnections() } }
        stop(handles)
        var statistics = LoadStatistics(labels: 1)
        var elapsed: UInt64 = 0
        var held = (established: 0, closedByServer: 0, failed: 0)
        for handle in handles {
            let (part, nanos, counters) = handle.loop.submitAndWait { () -> (LoadStatistics, UInt64, [Int]) in
                let (part, nanos) = handle.worker.endMeasuring()
                let hold = handle.worker.hold
                return (part, nanos, [hold.established, hold.closedByServer, hold.failed])
            }
            statistics.merge(part)
            elapsed += nanos
            held.established += counters[0]
            held.closedByServer += counters[1]
            held.failed += counters[2]
        }
        var result = LoadResult(
            configuration: configuration, statistics: statistics,
            elapsedSeconds: Double(elapsed) / Double(handles.count) / 1e9)
        result.held = held
        return result
    }

    private func stop(_ handles: [WorkerHandle]) {
        let done = Semaphore()
        let drain = configuration.drain
        for handle in handles {
            handle.loop.execute { handle.worker.stop(drain: drain) { done.signal() } }
        }
        for _ in handles { done.wait() }
    }

    /// Sleeps for `duration`, reporting progress about once a second.
    private func wait(_ duration: Duration, label: String, _ handles: [WorkerHandle]) {
        let start = Monotonic.now()
        let end = start &+ Monotonic.nanoseconds(duration)
        var lastCount: UInt64 = 0
        var lastTime = start
        while true {
            let now = Monotonic.now()
            if now >= end { return }
            let step = min(end - now, 1_000_000_000)
            var request = timespec(tv_sec: Int(step / 1_000_000_000), tv_nsec: Int(step % 1_000_000_000))
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
            guard let progress else { continue }
            var total: UInt64 = 0
            var errors: UInt64 = 0
            for handle in handles {
                let (count, failed) = handle.loop.submitAndWait { () -> (UInt64, UInt64) in
                    let worker = handle.worker
                    return (worker.completedTotal, worker.statistics.errors.reduce(0, +))
                }
                total += count
                errors += failed
            }
            let time = Monotonic.now()
            let rate = Double(total - lastCount) / (Double(time - lastTime) / 1e9)
            lastCount = total
            lastTime = time
            let seconds = Int((time - start) / 1_000_000_000)
            progress("\(label) \(seconds)s  \(total) responses  \(Int(rate)) req/s  errors \(errors)")
        }
    }

    /// The request source for worker `worker` of `workers`; runs on the worker's loop.
    static func makeSource(
        _ configuration: LoadConfiguration, plan: AgentPlan, reads: [ReadTarget], worker: Int, of workers: Int
    ) -> any RequestSource {
        let headers = configuration.url.fixedHeaders
        let seed = configuration.seed &+ UInt64(worker) &* 0x9E37_79B9
        switch configuration.scenario {
        case .url, .connections:
            return URLSource(url: configuration.url)
        case .read:
            return ReadSource(headers: headers, versions: reads.map { ($0.agent, $0.version) }, seed: seed)
        case .ingest, .mixed:
            // Each worker owns a disjoint share of the versions, so run ids never need coordinating; the
            // command refuses more threads than versions.
            let versions = plan.versions(forWorker: worker, of: workers)
            let batcher = RunBatcher(
                batchSize: configuration.batch, distributions: configuration.distributions, seed: seed)
            let ingest = IngestSource(versions: versions, batcher: batcher, headers: headers)
            guard configuration.scenario == .mixed else { return ingest }
            let read = ReadSource(
                headers: headers, versions: reads.map { ($0.agent, $0.version) }, labelOffset: 1, seed: seed ^ 0xABCD)
            return MixedSource(
                ingest: ingest, read: read, readFraction: configuration.readFraction, seed: seed ^ 0x1234)
        }
    }
}

/// An agent version to list runs of.
struct ReadTarget: Sendable {
    var agent: String
    var version: String
}
