import TimeFormats

/// Builds batches of realistic runs with ids unique per agent version.
///
/// Each version's ids count up from 1 in the batcher that owns the version, so a version's ids never repeat
/// across batches and no two threads ever allocate ids for the same version.
public struct RunBatcher {
    public let distributions: RunDistributions
    public let batchSize: Int
    private var nextID: [Int: Int64] = [:]
    private var random: FastRandom

    /// A batcher posting `batchSize` runs per batch, its randomness fixed by `seed`.
    public init(batchSize: Int, distributions: RunDistributions, seed: UInt64) {
        precondition(batchSize > 0, "a batch holds at least one run")
        self.batchSize = batchSize
        self.distributions = distributions
        random = FastRandom(seed: seed)
    }

    /// The next batch for `version`, stamped `created` (RFC 3339).
    public mutating func nextBatch(for version: AgentPlan.Version, created: String) -> RunBatch {
        let first = nextID[version.index, default: 1]
        let ids = first..<(first + Int64(batchSize))
        nextID[version.index] = ids.upperBound
        var body: [UInt8] = []
        body.reserveCapacity(batchSize * 260 + 16)
        body.append(contentsOf: #"{"runs":["#.utf8)
        for id in ids {
            if id != first { body.append(UInt8(ascii: ",")) }
            appendRun(id: id, version: version, created: created, to: &body)
        }
        body.append(contentsOf: "]}".utf8)
        return RunBatch(versionIndex: version.index, ids: ids, body: body)
    }

    private mutating func appendRun(id: Int64, version: AgentPlan.Version, created: String, to body: inout [UInt8]) {
        let status = distributions.status(&random)
        let nanos = distributions.timeTakenNanoseconds(&random)
        let cost = distributions.cost(nanoseconds: nanos, &random)
        let tools = version.tools.prefix(1 + Int(random.next() % UInt64(version.tools.count)))
        let model = version.models[Int(random.next() % UInt64(version.models.count))]
        let user = random.next() % 500
        let task = random.next() % 100_000
        body.append(contentsOf: #"{"id":\#(id),"status":"\#(status)","time_taken":""#.utf8)
        body.append(contentsOf: GoDuration.format(nanoseconds: nanos).utf8)
        body.append(
            contentsOf: #"","cost":\#(cost),"created":"\#(created)","initiator":"user-\#(user)","tools":["#.utf8)
        for (position, tool) in tools.enumerated() {
            if position > 0 { body.append(UInt8(ascii: ",")) }
            body.append(UInt8(ascii: "\""))
            body.append(contentsOf: tool.utf8)
            body.append(UInt8(ascii: "\""))
        }
        body.append(contentsOf: #"],"models":[""#.utf8)
        body.append(contentsOf: model.utf8)
        body.append(contentsOf: #""],"task_id":\#(task)}"#.utf8)
    }
}
