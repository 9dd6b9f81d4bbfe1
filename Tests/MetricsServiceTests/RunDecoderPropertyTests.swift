import Foundation
import HTTPCore
import Testing
import TimeFormats

@testable import MetricsService

/// The run decoder against a seeded generator of run JSON at and around every bound: it accepts
/// exactly the runs the bounds allow, and whatever it accepts the worker can count and the
/// listing returns unchanged.
struct RunDecoderPropertyTests {
    static let seed: UInt64 = 0x8A5E_2026_1130
    static let receivedMs: Int64 = 1_700_000_000_000

    /// The decoded run holds exactly what the generator meant.
    static func check(_ run: AgentRun, _ expected: RunJSONGenerator.Expected, _ context: Comment) {
        #expect(run.id == expected.id, context)
        #expect(run.taskId == expected.taskId, context)
        #expect(run.status == expected.status, context)
        #expect(run.createdMs == (expected.createdMs ?? receivedMs), context)
        #expect(run.timeTakenText == expected.timeTakenText, context)
        #expect(run.timeTakenSeconds == expected.timeTakenSeconds, context)
        #expect(run.initiator == expected.initiator, context)
        #expect(run.tools == expected.tools, context)
        #expect(run.models == expected.models, context)
        #expect(run.cost == expected.cost, context)
    }

    /// A listed run (as the API's JSON, read with a correctly rounding parser: Foundation's loses
    /// digits of doubles and large integers) matches the stored record field by field.
    static func check(listed: JSONValue, _ record: AgentRun, _ context: Comment) {
        guard case .object(let members) = listed else {
            Issue.record("not an object — \(context.rawValue)")
            return
        }
        let fields = Dictionary(members, uniquingKeysWith: { $1 })
        func number(_ value: JSONValue?) -> Double? {
            switch value {
            case .integer(let integer)?: return Double(integer)
            case .double(let double)?: return double
            default: return nil
            }
        }
        func strings(_ value: JSONValue?) -> [String]? {
            guard case .array(let elements)? = value else { return nil }
            return elements.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        #expect(fields["id"] == .integer(record.id), context)
        #expect(fields["task_id"] == record.taskId.map(JSONValue.integer) ?? .null, context)
        #expect(fields["status"] == .string(record.status), context)
        #expect(fields["created"] == .string(RFC3339.format(milliseconds: record.createdMs)), context)
        #expect(fields["time_taken"] == record.timeTakenText.map(JSONValue.string) ?? .null, context)
        #expect(fields["initiator"] == .string(record.initiator), context)
        #expect(strings(fields["tools"]) == record.tools, context)
        #expect(strings(fields["models"]) == record.models, context)
        #expect(number(fields["cost"]) == record.cost, context)
    }

    @Test func acceptsExactlyTheBoundedRunsAndEveryAcceptedRunIsCountableAndListsUnchanged() throws {
        var generator = RunJSONGenerator(seed: Self.seed)
        var accepted = 0
        for iteration in 0..<3_000 {
            let generated = generator.next()
            let context = Comment(rawValue: "seed \(Self.seed) #\(iteration): \(generated.json.prefix(600))")
            let body = Array((iteration % 2 == 0 ? generated.json : #"{"runs":[\#(generated.json)]}"#).utf8)
            let batch: RunBatch
            do {
                batch = try RunBatch.decode(body: body, receivedMs: Self.receivedMs)
            } catch {
                #expect(!generated.valid, "refused a valid run: \(error.message) — \(context.rawValue)")
                #expect(error.status == .badRequest && error.code == "invalid_field", context)
                continue
            }
            #expect(generated.valid, "accepted an invalid run — \(context.rawValue)")
            guard generated.valid, batch.runs.count == 1 else { continue }
            accepted += 1
            let run = batch.runs[0]
            Self.check(run, generated.expected, context)

            // Stored as the API stores it (through libbson), then read back as the worker reads it.
            let record = run.with(agentId: "0123456789abcdef01234567", version: "1")
            let document = try BSONDocument(
                [("_id", .objectID(WorkerFixture.objectID()))] + record.toBSON().documentValue!)
            let stored = document.toBSONValue()
            guard case .countable(let sample) = StoredRun(bson: stored) else {
                Issue.record("the worker cannot count an accepted run — \(context.rawValue)")
                continue
            }
            #expect(sample.costMicros == Int64((run.cost * 1_000_000).rounded()), context)
            #expect(try AgentRun(bson: stored) == record, context)
            var aggregate = VersionAggregate(key: sample.key)
            aggregate.add(sample)
            #expect(aggregate.spendMicros == Int128(sample.costMicros), context)

            Self.check(listed: try JSONParser.parse(record.jsonBytes), record, context)
        }
        // The generator must exercise both answers in earnest.
        #expect(accepted > 300 && accepted < 2_700, "accepted \(accepted) of 3000")
    }

    /// The same property end to end: generated valid runs through the server into nx-27017, listed
    /// back unchanged, and counted by a worker pass with nothing set aside.
    @Test func acceptedRunsRoundTripThroughTheServerAndAreAllCounted() async throws {
        var generator = RunJSONGenerator(seed: Self.seed &+ 1)
        var runs: [RunJSONGenerator.Generated] = []
        while runs.count < 300 {
            var generated = generator.next()
            guard generated.valid, generated.json.utf8.count < 20_000 else { continue }
            // Unique ids, so each run is its own document.
            generated.json =
                #"{"id":\#(runs.count),"#
                + generated.json.dropFirst().replacingOccurrences(
                    of: #""id":"#, with: #""ignored_id":"#)
            generated.expected.id = Int64(runs.count)
            runs.append(generated)
        }
        try await HostileValueTests.withAgent { server, worker in
            let body = #"{"runs":[\#(runs.map(\.json).joined(separator: ","))]}"#
            let response = try await server.request("POST", HostileValueTests.runs, body)
            #expect(response.status == 201, "\(response.bodyText.prefix(500))")
            #expect(response.object["inserted"] as? Int == 300)
            let page = try await server.request("GET", HostileValueTests.runs + "?limit=1000", nil)
            guard case .array(let listed) = try JSONParser.parse(page.body) else {
                Issue.record("the listing is not an array")
                return
            }
            #expect(listed.count == 300)
            var byId: [Int64: [(String, JSONValue)]] = [:]
            for case .object(let members) in listed {
                if case .integer(let id)? = members.first(where: { $0.0 == "id" })?.1 { byId[id] = members }
            }
            for generated in runs {
                let expected = generated.expected
                let context = Comment(rawValue: "seed \(Self.seed &+ 1): \(generated.json.prefix(600))")
                guard var members = byId[expected.id] else {
                    Issue.record("run missing from the listing — \(context.rawValue)")
                    continue
                }
                // Runs without `created` were stamped with the receive time, which the test does not know.
                var createdMs = expected.createdMs ?? 0
                if expected.createdMs == nil, case .string(let text)? = members.first(where: { $0.0 == "created" })?.1 {
                    createdMs = RFC3339.parseMilliseconds(text) ?? -1
                }
                members.removeAll { $0.0 == "version" }
                let record = AgentRun(
                    agentId: "", version: "1", id: expected.id, taskId: expected.taskId, status: expected.status,
                    createdMs: createdMs, timeTakenText: expected.timeTakenText,
                    timeTakenSeconds: expected.timeTakenSeconds, initiator: expected.initiator, tools: expected.tools,
                    models: expected.models, cost: expected.cost)
                Self.check(listed: .object(members), record, context)
            }
            let report = try await worker.runOnce()
            #expect(report.countedRuns == 300)
            #expect(server.application.dashboard.snapshot.setAsideRuns == 0)
            let micros = runs.reduce(Int128(0)) { $0 + Int128(($1.expected.cost * 1_000_000).rounded()) }
            let row = try await HostileValueTests.row(server)
            #expect(row["totalRuns"] as? Int == 300)
            #expect(row["spend"] as? Double == Double(micros) / 1_000_000)
        }
    }
}
