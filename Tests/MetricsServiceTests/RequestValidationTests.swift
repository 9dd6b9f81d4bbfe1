import Testing

@testable import MetricsService

/// Every validation error of the register, version and run bodies: status, code and the field named.
struct RequestValidationTests {
    static let receivedMs: Int64 = 1_700_000_000_000

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func apiError(_ body: () throws(APIError) -> Void) -> APIError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Register

    @Test
    func registerAcceptsTheSpecsBodyAnEmptyBodyAndAnOmittedName() throws {
        let full = try RegisterAgentRequest.decode(
            body: bytes(#"{"name":"my-agent","project":"my-project"}"#), pathName: "my-agent")
        #expect(full == RegisterAgentRequest(name: "my-agent", project: "my-project"))
        let empty = try RegisterAgentRequest.decode(body: [], pathName: "my-agent")
        #expect(empty == RegisterAgentRequest(name: "my-agent", project: nil))
        #expect(empty.projectForNewAgent == "")
        let projectOnly = try RegisterAgentRequest.decode(body: bytes(#" {"project":"p"} "#), pathName: "a")
        #expect(projectOnly == RegisterAgentRequest(name: "a", project: "p"))
        let nullName = try RegisterAgentRequest.decode(body: bytes(#"{"name":null}"#), pathName: "a")
        #expect(nullName.name == "a")
    }

    @Test(
        arguments: [
            (#"{"name":"other"}"#, "my-agent", 400, "name_mismatch", "name"),
            (#"{"name":{"$gt":""}}"#, "my-agent", 400, "invalid_field", "name"),
            (#"{"project":{"$ne":null}}"#, "my-agent", 400, "invalid_field", "project"),
            (#"{"name":5}"#, "my-agent", 400, "invalid_field", "name"),
            (#"{}"#, "", 400, "invalid_field", "name"),
            (#"{}"#, "5f8d0d55b54764429a0e36a1", 400, "invalid_field", "name"),
            (#"["my-agent"]"#, "my-agent", 400, "invalid_field", "body"),
            (#""my-agent""#, "my-agent", 400, "invalid_field", "body"),
            ("null", "my-agent", 400, "invalid_field", "body"),
            (#"{"name":"my-agent""#, "my-agent", 400, "invalid_json", nil),
        ] as [(String, String, Int, String, String?)])
    func registerRejects(body: String, pathName: String, status: Int, code: String, field: String?) {
        let error = apiError { () throws(APIError) in
            _ = try RegisterAgentRequest.decode(body: bytes(body), pathName: pathName)
        }
        #expect(error?.status.code == status)
        #expect(error?.code == code)
        #expect(error?.details.first?.field == field)
    }

    // MARK: - Versions

    @Test
    func versionDecodesTheSpecsBodyAndDefaultsTheRest() throws {
        let spec = try CreateVersionRequest.decode(
            body: bytes(
                #"{"version":"1.0.2","cluster":"123","tools":["tool1","tool2"],"#
                    + #""models":["model1","model2"],"deployment":"prod"}"#
            ))
        #expect(
            spec
                == CreateVersionRequest(
                    version: "1.0.2", cluster: "123", deployment: "prod", tools: ["tool1", "tool2"],
                    models: ["model1", "model2"]))
        let minimal = try CreateVersionRequest.decode(body: bytes(#"{"version":"v2","tools":null}"#))
        #expect(minimal == CreateVersionRequest(version: "v2"))
    }

    @Test(arguments: [
        (#"{}"#, ["version"]),
        (#"{"version":""}"#, ["version"]),
        (#"{"version":null}"#, ["version"]),
        (#"{"version":1.0}"#, ["version"]),
        (#"{"version":{"$gt":""}}"#, ["version"]),
        (#"{"version":"1","cluster":123}"#, ["cluster"]),
        (#"{"version":"1","deployment":["a"]}"#, ["deployment"]),
        (#"{"version":"1","tools":"tool1"}"#, ["tools"]),
        (#"{"version":"1","tools":["a",2,{"$gt":""}]}"#, ["tools[1]", "tools[2]"]),
        (#"{"models":{},"cluster":false}"#, ["version", "cluster", "models"]),
        (#"[]"#, ["body"]),
    ])
    func versionRejectsNamingEveryBadField(body: String, fields: [String]) {
        let error = apiError { () throws(APIError) in _ = try CreateVersionRequest.decode(body: bytes(body)) }
        #expect(error?.status.code == 400)
        #expect(error?.code == "invalid_field")
        #expect(error?.details.map(\.field) == fields)
    }

    // MARK: - Runs

    static let specRun = #"""
        {"created":"2023-08-01T12:00:00Z","status":"completed","time_taken":"5m30s","initiator":"user123",
         "tools":["tool1","tool2"],"cost":0.1,"models":["model1","model2"],"id":123,"task_id":12}
        """#

    @Test
    func decodesTheSpecsSingleRun() throws {
        let batch = try RunBatch.decode(body: bytes(Self.specRun), receivedMs: Self.receivedMs)
        #expect(batch.isSingle)
        #expect(
            batch.runs == [
                AgentRun(
                    id: 123, taskId: 12, status: "completed", createdMs: 1_690_891_200_000, timeTakenText: "5m30s",
                    timeTakenSeconds: 330, initiator: "user123", tools: ["tool1", "tool2"],
                    models: ["model1", "model2"],
                    cost: 0.1)
            ])
    }

    @Test
    func decodesTheSpecsBatch() throws {
        let body =
            #"{"runs":[\#(Self.specRun),{"created":"2023-08-01T13:00:00Z","status":"failed","time_taken":"2m10s","#
            + #""initiator":"user456","tools":["tool3","tool4"],"cost":0.05,"models":["model3"],"#
            + #""id":124,"task_id":13}]}"#
        let batch = try RunBatch.decode(body: bytes(body), receivedMs: Self.receivedMs)
        #expect(!batch.isSingle)
        #expect(batch.runs.map(\.id) == [123, 124])
        #expect(batch.runs[1].timeTakenSeconds == 130)
        #expect(batch.runs[1].createdMs == 1_690_894_800_000)
        #expect(batch.runs[1].models == ["model3"])
    }

    @Test
    func fillsDefaultsForAMinimalRun() throws {
        let batch = try RunBatch.decode(
            body: bytes(#"{"id":1,"status":"running","task_id":null}"#), receivedMs: Self.receivedMs)
        #expect(batch.runs == [AgentRun(id: 1, status: "running", createdMs: Self.receivedMs)])
    }

    @Test(
        arguments: [
            (#""1h2m3.5s""#, "1h2m3.5s", 3723.5),
            (#""350ms""#, "350ms", 0.35),
            (#""1.5us""#, "1.5us", 0.0000015),
            (#""0""#, "0", 0),
            (#""-0s""#, "-0s", 0),
            ("330", "5m30s", 330),
            ("2.5", "2.5s", 2.5),
            ("0", "0s", 0),
            ("0.35", "350ms", 0.35),
        ] as [(String, String, Double)])
    func acceptsTimeTakenAsGoDurationOrSeconds(json: String, text: String, seconds: Double) throws {
        let run = try RunBatch.decode(body: bytes(#"{"id":1,"status":"ok","time_taken":\#(json)}"#), receivedMs: 0)
            .runs[0]
        #expect(run.timeTakenText == text)
        #expect(abs(run.timeTakenSeconds! - seconds) < 1e-12)
    }

    @Test(arguments: [
        (#"{"status":"ok"}"#, ["id"]),
        (#"{"id":null,"status":"ok"}"#, ["id"]),
        (#"{"id":1.5,"status":"ok"}"#, ["id"]),
        (#"{"id":"123","status":"ok"}"#, ["id"]),
        (#"{"id":true,"status":"ok"}"#, ["id"]),
        (#"{"id":1e300,"status":"ok"}"#, ["id"]),
        (#"{"id":1,"task_id":"12","status":"ok"}"#, ["task_id"]),
        (#"{"id":1,"task_id":0.5,"status":"ok"}"#, ["task_id"]),
        (#"{"id":1}"#, ["status"]),
        (#"{"id":1,"status":""}"#, ["status"]),
        (#"{"id":1,"status":{"$gt":""}}"#, ["status"]),
        (#"{"id":1,"status":["completed"]}"#, ["status"]),
        (#"{"id":1,"status":"ok","created":"2023-02-30T00:00:00Z"}"#, ["created"]),
        (#"{"id":1,"status":"ok","created":"yesterday"}"#, ["created"]),
        (#"{"id":1,"status":"ok","created":1690891200}"#, ["created"]),
        (#"{"id":1,"status":"ok","time_taken":"5 minutes"}"#, ["time_taken"]),
        (#"{"id":1,"status":"ok","time_taken":"1d"}"#, ["time_taken"]),
        (#"{"id":1,"status":"ok","time_taken":"-5s"}"#, ["time_taken"]),
        (#"{"id":1,"status":"ok","time_taken":-1}"#, ["time_taken"]),
        (#"{"id":1,"status":"ok","time_taken":1e12}"#, ["time_taken"]),
        (#"{"id":1,"status":"ok","time_taken":true}"#, ["time_taken"]),
        (#"{"id":1,"status":"ok","time_taken":{"$gt":""}}"#, ["time_taken"]),
        (#"{"id":1,"status":"ok","initiator":7}"#, ["initiator"]),
        (#"{"id":1,"status":"ok","tools":[1]}"#, ["tools[0]"]),
        (#"{"id":1,"status":"ok","models":"m"}"#, ["models"]),
        (#"{"id":1,"status":"ok","cost":-0.01}"#, ["cost"]),
        (#"{"id":1,"status":"ok","cost":"0.1"}"#, ["cost"]),
        (#"{"status":5,"cost":-1,"created":"x"}"#, ["id", "status", "created", "cost"]),
        (#"{"runs":{"id":1}}"#, ["runs"]),
        (#"{"runs":"[]"}"#, ["runs"]),
        ("[]", ["body"]),
        ("42", ["body"]),
    ])
    func rejectsABadRunNamingEveryBadField(body: String, fields: [String]) {
        let error = apiError { () throws(APIError) in _ = try RunBatch.decode(body: bytes(body), receivedMs: 0) }
        #expect(error?.status.code == 400)
        #expect(error?.code == "invalid_field")
        #expect(error?.details.map(\.field) == fields)
        #expect(error?.details.allSatisfy { $0.index == nil } == true)
    }

    @Test
    func listsEveryBadRunOfABatchByIndexAndField() throws {
        let body = #"""
            {"runs":[
              {"id":1,"status":"ok"},
              {"id":"2","status":"ok"},
              {"id":3,"status":""},
              {"id":4,"status":"ok"},
              "not a run",
              {"id":6,"status":{"$gt":""},"cost":-1,"tools":[null]}
            ]}
            """#
        let error = try #require(
            apiError { () throws(APIError) in _ = try RunBatch.decode(body: bytes(body), receivedMs: 0) })
        #expect(error.status.code == 400)
        #expect(error.code == "invalid_field")
        let listed = error.details.map { "\($0.index.map(String.init) ?? "-"):\($0.field)" }
        #expect(listed == ["1:id", "2:status", "4:run", "5:status", "5:tools[0]", "5:cost"])
        let rendered = String(decoding: error.response.body, as: UTF8.self)
        #expect(rendered.contains(#"{"index":1,"field":"id","message":"must be an integer, not a string"}"#))
    }

    @Test
    func acceptsTenThousandRunsAndRejectsOneMoreWith413() throws {
        func batch(_ count: Int) -> [UInt8] {
            bytes(
                #"{"runs":["# + Array(repeating: #"{"id":1,"status":"ok"}"#, count: count).joined(separator: ",") + "]}"
            )
        }
        #expect(try RunBatch.decode(body: batch(10_000), receivedMs: 0).runs.count == 10_000)
        let error = apiError { () throws(APIError) in _ = try RunBatch.decode(body: batch(10_001), receivedMs: 0) }
        #expect(error?.status.code == 413)
        #expect(error?.code == "too_many_runs")
    }

    @Test
    func tooManyRunsIsReportedEvenWhenTheRunsAreInvalid() {
        let body = bytes(#"{"runs":["# + Array(repeating: "1", count: 10_001).joined(separator: ",") + "]}")
        let error = apiError { () throws(APIError) in _ = try RunBatch.decode(body: body, receivedMs: 0) }
        #expect(error?.code == "too_many_runs")
    }

    @Test
    func acceptsAnEmptyBatchAndKeepsRepeatedIds() throws {
        #expect(try RunBatch.decode(body: bytes(#"{"runs":[]}"#), receivedMs: 0) == RunBatch(runs: [], isSingle: false))
        let repeated = try RunBatch.decode(
            body: bytes(#"{"runs":[{"id":123,"status":"a"},{"id":123,"status":"b"}]}"#), receivedMs: 0)
        #expect(repeated.runs.map(\.status) == ["a", "b"])
    }

    @Test(arguments: [
        ("{\"id\":12", "invalid_json"),
        ("", "invalid_json"),
        ("{\"id\":1,\"status\":\"ok\"} trailing", "invalid_json"),
    ])
    func malformedBodiesAreInvalidJSON(body: String, code: String) {
        let error = apiError { () throws(APIError) in _ = try RunBatch.decode(body: bytes(body), receivedMs: 0) }
        #expect(error?.status.code == 400)
        #expect(error?.code == code)
    }

    @Test
    func keepsRunIdsAboveTwoToTheFiftyThreeExact() throws {
        let run = try RunBatch.decode(
            body: bytes(#"{"id":9007199254740993,"task_id":-5,"status":"ok"}"#), receivedMs: 0
        ).runs[0]
        #expect(run.id == 9_007_199_254_740_993)
        #expect(run.taskId == -5)
        let integralDouble = try RunBatch.decode(body: bytes(#"{"id":124.0,"status":"ok"}"#), receivedMs: 0).runs[0]
        #expect(integralDouble.id == 124)
    }

    // MARK: - Outcome

    @Test(arguments: [
        ("completed", RunOutcome.success), ("success", .success), ("Succeeded", .success), ("COMPLETED", .success),
        ("failed", .failure), ("error", .failure), ("Timeout", .failure), ("cancelled", .failure),
        ("running", .inProgress), ("queued", .inProgress), ("canceled", .inProgress), ("", .inProgress),
    ])
    func classifiesStatusesCaseInsensitively(status: String, outcome: RunOutcome) {
        #expect(RunOutcome(status: status) == outcome)
    }
}
