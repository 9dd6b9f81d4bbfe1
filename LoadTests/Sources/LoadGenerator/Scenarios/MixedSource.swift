/// `mixed`: ingest and dashboard reads on the same connections, `readFraction` of requests being reads.
public final class MixedSource: RequestSource {
    /// Labels: the ingest POST first, then the read endpoints.
    public static let labels = ["POST runs"] + ReadSource.labels

    private let ingest: IngestSource
    private let read: ReadSource
    private let readFraction: Double
    private var random: FastRandom
    /// Read tokens are offset so they never collide with ingest tokens.
    private static let readTokenBase = 1 << 60

    public init(ingest: IngestSource, read: ReadSource, readFraction: Double, seed: UInt64) {
        self.ingest = ingest
        self.read = read
        self.readFraction = readFraction
        random = FastRandom(seed: seed)
    }

    public var acknowledged: AcknowledgedRuns { ingest.acknowledged }
    public var capturesBodies: Bool { true }

    public func nextRequest() -> PreparedRequest {
        if random.unit() < readFraction {
            var request = read.nextRequest()
            request.token += Self.readTokenBase
            return request
        }
        return ingest.nextRequest()
    }

    public func complete(token: Int, response: ParsedResponse?, statistics: inout LoadStatistics) {
        if token >= Self.readTokenBase {
            read.complete(token: token - Self.readTokenBase, response: response, statistics: &statistics)
        } else {
            ingest.complete(token: token, response: response, statistics: &statistics)
        }
    }
}
