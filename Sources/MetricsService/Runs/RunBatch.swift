/// The validated body of `POST .../versions/{version}/runs`: one run object, or
/// `{"runs": [...]}` with up to `APIError.maximumRunsPerRequest` runs.
public struct RunBatch: Sendable, Equatable {
    /// The runs in request order, not yet placed under an agent version (`AgentRun.with(agentId:version:)`).
    /// Repeated ids are kept: storage reports them as duplicates.
    public var runs: [AgentRun]
    /// Whether the body was a single run object, which is answered with the stored run rather
    /// than with `{"inserted","duplicates"}`.
    public var isSingle: Bool

    public init(runs: [AgentRun], isSingle: Bool) {
        self.runs = runs
        self.isSingle = isSingle
    }

    /// Validates the whole body before anything is stored.
    ///
    /// - Parameter receivedMs: the receive time, used for runs without `created`.
    /// - Throws: `too_many_runs` (413) past the limit, before looking at any run;
    ///   `invalid_json`; `invalid_field` (400) listing every bad run's index and field.
    public static func decode(body: [UInt8], receivedMs: Int64) throws(APIError) -> RunBatch {
        let members = try RequestBody.object(from: body)
        var errors: [FieldError] = []

        // A `runs` member (other than null) makes this a batch; a run object has no such field.
        guard let runsValue = members.last(where: { $0.0 == "runs" })?.1, runsValue != .null else {
            guard let run = AgentRun.decode(members, index: nil, receivedMs: receivedMs, errors: &errors) else {
                throw .invalidFields(errors)
            }
            return RunBatch(runs: [run], isSingle: true)
        }
        guard case .array(let elements) = runsValue else {
            throw .invalidFields([
                FieldError(field: "runs", message: "must be an array of runs, not \(runsValue.typeDescription)")
            ])
        }
        guard elements.count <= APIError.maximumRunsPerRequest else { throw .tooManyRuns(elements.count) }

        var runs: [AgentRun] = []
        runs.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .object(let runMembers) = element else {
                errors.append(
                    FieldError(index: index, field: "run", message: "must be an object, not \(element.typeDescription)")
                )
                continue
            }
            if let run = AgentRun.decode(runMembers, index: index, receivedMs: receivedMs, errors: &errors) {
                runs.append(run)
            }
        }
        guard errors.isEmpty else { throw .invalidFields(errors) }
        return RunBatch(runs: runs, isSingle: false)
    }
}
