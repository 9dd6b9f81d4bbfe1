/// One `POST .../runs` body and the run ids it carries (always a contiguous range per version).
public struct RunBatch: Sendable {
    /// `AgentPlan.Version.index` of the version the batch is for.
    public var versionIndex: Int
    /// The run ids in the batch.
    public var ids: Range<Int64>
    /// `{"runs":[...]}` as UTF-8.
    public var body: [UInt8]
}
