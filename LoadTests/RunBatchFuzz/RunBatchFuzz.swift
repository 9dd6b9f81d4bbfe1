import MetricsService
import TimeFormats

/// The receive time the harness decodes with: runs without `created` get it.
private let receivedMs: Int64 = 1_700_000_000_000

/// libFuzzer entry point (`make fuzz`): decodes arbitrary bytes as a run-ingest body through `RunBatch.decode`,
/// the entry point `POST .../runs` uses, for a single run and for `{"runs":[...]}` alike.
///
/// Checks that a refusal is a 4xx whose body is JSON; that every accepted run lies inside `FieldBounds`; and that a
/// stored run, written back as the API returns it, decodes to the same run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunBatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let batch: RunBatch
    do {
        batch = try RunBatch.decode(body: body, receivedMs: receivedMs)
    } catch {
        let response = error.response
        precondition((400..<500).contains(response.status.code), "a refused body is not a 4xx")
        precondition((try? JSONParser.parse(response.body)) != nil, "the error body is not JSON")
        return 0
    }
    precondition(!batch.runs.isEmpty || !batch.isSingle, "a single run decoded to nothing")
    precondition(batch.runs.count <= APIError.maximumRunsPerRequest, "more runs than the limit")
    for run in batch.runs {
        checkBounds(run)
        checkRoundTrip(run)
    }
    return 0
}

private func checkBounds(_ run: AgentRun) {
    precondition((0...FieldBounds.maximumCost).contains(run.cost), "cost out of bounds")
    precondition(run.createdMs == receivedMs || FieldBounds.dates.contains(run.createdMs), "created out of bounds")
    if let seconds = run.timeTakenSeconds {
        precondition((0...FieldBounds.maximumTimeTakenSeconds).contains(seconds), "time_taken out of bounds")
        precondition(run.timeTakenText != nil, "time_taken without its text")
    } else {
        precondition(run.timeTakenText == nil, "time_taken text without seconds")
    }
    precondition(!run.status.isEmpty && run.status.utf8.count <= FieldBounds.maximumStatusBytes, "status length")
    precondition(run.initiator.utf8.count <= FieldBounds.maximumTextBytes, "initiator length")
    for list in [run.tools, run.models] {
        precondition(list.count <= FieldBounds.maximumListCount, "list too long")
        precondition(list.allSatisfy { $0.utf8.count <= FieldBounds.maximumTextBytes }, "list entry too long")
    }
    let texts = [run.status, run.initiator] + run.tools + run.models
    precondition(!texts.contains { FieldBounds.containsNUL($0) }, "NUL in a stored string")
}

/// The run as `GET .../runs` returns it must decode to itself: the API's output is valid input.
private func checkRoundTrip(_ run: AgentRun) {
    let written = run.with(agentId: "fuzz", version: "1.0.0").jsonBytes
    let again: RunBatch
    do {
        again = try RunBatch.decode(body: written, receivedMs: receivedMs)
    } catch {
        preconditionFailure("a stored run does not decode: \(error.message)")
    }
    precondition(again.isSingle && again.runs.count == 1, "a stored run decoded as a batch")
    var reread = again.runs[0]
    // A number of seconds is kept as Go's text of the whole nanoseconds, so only those survive the trip.
    if let original = run.timeTakenSeconds, let seconds = reread.timeTakenSeconds {
        let difference = GoDuration.nanoseconds(fromSeconds: original) - GoDuration.nanoseconds(fromSeconds: seconds)
        precondition(abs(difference) <= 1, "time_taken changed by more than a nanosecond")
        reread.timeTakenSeconds = original
    }
    precondition(reread == run, "a stored run decodes to a different run")
}
