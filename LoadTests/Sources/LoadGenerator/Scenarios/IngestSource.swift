/// `ingest`: batches of runs to this worker's agent versions in turn; remembers which the server acknowledged.
///
/// A batch counts as acknowledged only on 201 with `inserted + duplicates` equal to its size.
public final class IngestSource: RequestSource {
    private let versions: [AgentPlan.Version]
    private let paths: [String]
    private let headers: RequestBuilder.FixedHeaders
    private var batcher: RunBatcher
    private var nextVersion = 0
    private var outstanding: [Int: RunBatch] = [:]
    private var nextToken = 0
    private var created = ""
    private var createdSecond = -1
    /// What the server acknowledged so far.
    public private(set) var acknowledged = AcknowledgedRuns()
    /// Label index for this source's requests (the mixed scenario puts reads after it).
    public let label: Int

    /// `versions` are this worker's share of the plan (see `AgentPlan.versions(forWorker:of:)`).
    public init(
        versions: [AgentPlan.Version], batcher: RunBatcher, headers: RequestBuilder.FixedHeaders, label: Int = 0
    ) {
        precondition(!versions.isEmpty, "an ingest worker needs at least one agent version")
        self.versions = versions
        self.batcher = batcher
        self.headers = headers
        self.label = label
        paths = versions.map {
            "/api/v1/agents/\(RequestBuilder.segment($0.agent))/versions/\(RequestBuilder.segment($0.version))/runs"
        }
    }

    public var capturesBodies: Bool { true }

    public func nextRequest() -> PreparedRequest {
        let position = nextVersion
        nextVersion = (nextVersion + 1) % versions.count
        let second = Int(time(nil))
        if second != createdSecond {
            createdSecond = second
            created = RFC3339.format(milliseconds: Int64(second) * 1000)
        }
        let batch = batcher.nextBatch(for: versions[position], created: created)
        let token = nextToken
        nextToken += 1
        let bytes = RequestBuilder.post(paths[position], headers: headers, json: batch.body)
        outstanding[token] = RunBatch(versionIndex: batch.versionIndex, ids: batch.ids, body: [])
        return PreparedRequest(bytes: bytes, label: label, token: token)
    }

    public func complete(token: Int, response: ParsedResponse?, statistics: inout LoadStatistics) {
        guard let batch = outstanding.removeValue(forKey: token) else { return }
        guard let response, response.status == 201 else {
            acknowledged.unacknowledged += batch.ids.count
            return
        }
        let counts = Self.acknowledgedCount(response.body)
        if counts == batch.ids.count {
            acknowledged.ranges[batch.versionIndex, default: []].append(batch.ids)
        } else {
            statistics.recordError(.badAcknowledgement)
            acknowledged.unacknowledged += batch.ids.count
        }
    }

    /// `inserted + duplicates` from `{"inserted": n, "duplicates": m}`, or nil if the body lacks either.
    static func acknowledgedCount(_ body: [UInt8]) -> Int? {
        guard let inserted = integer(after: "\"inserted\"", in: body),
            let duplicates = integer(after: "\"duplicates\"", in: body)
        else { return nil }
        return inserted + duplicates
    }

    /// The integer following `key` and a colon, scanning bytes (the body is tiny; no JSON decoder needed).
    static func integer(after key: String, in body: [UInt8]) -> Int? {
        let pattern = Array(key.utf8)
        guard body.count >= pattern.count else { return nil }
        for start in 0...(body.count - pattern.count) where body[start..<(start + pattern.count)].elementsEqual(pattern)
        {
            var index = start + pattern.count
            while index < body.count && (body[index] == 0x20 || body[index] == UInt8(ascii: ":")) { index += 1 }
            var value = 0
            var digits = 0
            while index < body.count, body[index] >= UInt8(ascii: "0"), body[index] <= UInt8(ascii: "9") {
                value = value * 10 + Int(body[index] - UInt8(ascii: "0"))
                index += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        return nil
    }
}

import Glibc
import TimeFormats
