import Testing

@testable import MetricsService

/// BSON round trips (through real libbson bytes) and byte-exact JSON for the three records.
struct RecordTests {
    static let agent = Agent(
        id: "5f8d0d55b54764429a0e36a1", name: "my-agent", project: "my-project",
        createdMs: 1_690_891_200_000, updatedMs: 1_690_891_200_123)

    static let version = AgentVersion(
        id: "64c8f1a0b54764429a0e36b2", agentId: "5f8d0d55b54764429a0e36a1", version: "1.0.2", cluster: "123",
        deployment: "prod", tools: ["tool1", "tool2"], models: ["model1", "model2"], createdMs: 1_690_891_200_000)

    static let run = AgentRun(
        agentId: "5f8d0d55b54764429a0e36a1", version: "1.0.2", id: 123, taskId: 12, status: "completed",
        createdMs: 1_690_891_200_000, timeTakenText: "5m30s", timeTakenSeconds: 330, initiator: "user123",
        tools: ["tool1", "tool2"], models: ["model1", "model2"], cost: 0.1)

    static let sparseRun = AgentRun(
        agentId: "5f8d0d55b54764429a0e36a1", version: "v2", id: 9_007_199_254_740_993, taskId: nil, status: "running",
        createdMs: -1, timeTakenText: nil, timeTakenSeconds: nil, initiator: "", tools: [], models: [], cost: 0)

    /// Writes the value into a libbson document and reads it back.
    private func throughLibbson(_ value: BSONValue) throws -> BSONValue {
        try BSONDocument(value).toBSONValue()
    }

    @Test
    func agentRoundTripsThroughBSON() throws {
        let stored = try throughLibbson(Self.agent.toBSON())
        #expect(stored["_id"] == .objectID("5f8d0d55b54764429a0e36a1"))
        #expect(stored["created_at"] == .date(1_690_891_200_000))
        #expect(try Agent(bson: stored) == Self.agent)
    }

    @Test
    func versionRoundTripsThroughBSON() throws {
        let stored = try throughLibbson(Self.version.toBSON())
        #expect(stored["agent_id"] == .string("5f8d0d55b54764429a0e36a1"))
        #expect(
            stored.documentValue?.map(\.0) == [
                "_id", "agent_id", "version", "cluster", "deployment", "tools", "models", "created_at",
            ])
        #expect(try AgentVersion(bson: stored) == Self.version)
    }

    @Test(arguments: [run, sparseRun])
    func runRoundTripsThroughBSON(run: AgentRun) throws {
        let stored = try throughLibbson(run.toBSON())
        #expect(
            stored.documentValue?.map(\.0) == [
                "agent_id", "version", "run_id", "task_id", "status", "created", "time_taken", "time_taken_seconds",
                "initiator", "tools", "models", "cost",
            ])
        #expect(stored["run_id"] == .int64(run.id))
        #expect(stored["created"] == .date(run.createdMs))
        #expect(try AgentRun(bson: stored) == run)
    }

    @Test
    func readsDocumentsWithServerVariations() throws {
        // int32 ids, a string date (as nx-27017 may return), missing optional fields and an _id on a run.
        let run: BSONValue = [
            "_id": .objectID("64c8f1a0b54764429a0e36b3"), "agent_id": "a", "version": "1", "run_id": .int32(7),
            "status": "ok", "created": "2023-08-01T12:00:00Z", "cost": .int32(2),
        ]
        let decoded = try AgentRun(bson: run)
        #expect(decoded.id == 7)
        #expect(decoded.createdMs == 1_690_891_200_000)
        #expect(decoded.cost == 2)
        #expect(decoded.tools == [] && decoded.taskId == nil && decoded.timeTakenText == nil)

        let agent: BSONValue = [
            "_id": .objectID("5f8d0d55b54764429a0e36a1"), "name": "n", "created_at": .date(1), "updated_at": .date(2),
        ]
        #expect(try Agent(bson: agent).project == "")
    }

    @Test(arguments: [
        ["name": "n", "created_at": .date(1), "updated_at": .date(2)] as BSONValue,
        [
            "_id": .objectID("5f8d0d55b54764429a0e36a1"), "name": .int32(1), "created_at": .date(1),
            "updated_at": .date(2),
        ],
        [
            "_id": .objectID("5f8d0d55b54764429a0e36a1"), "name": "n", "created_at": "not a date",
            "updated_at": .date(2),
        ],
        "not a document",
    ])
    func rejectsDocumentsMissingOrMistypingFields(document: BSONValue) {
        #expect(throws: StorageError.self) { try Agent(bson: document) }
    }

    @Test
    func writesAgentJSONByteExact() {
        #expect(
            String(decoding: Self.agent.jsonBytes, as: UTF8.self)
                == #"{"id":"5f8d0d55b54764429a0e36a1","name":"my-agent","project":"my-project","#
                + #""created_at":"2023-08-01T12:00:00Z","updated_at":"2023-08-01T12:00:00.123Z"}"#
        )
    }

    @Test
    func writesVersionJSONByteExact() {
        #expect(
            String(decoding: Self.version.jsonBytes, as: UTF8.self)
                == #"{"id":"64c8f1a0b54764429a0e36b2","agent_id":"5f8d0d55b54764429a0e36a1","version":"1.0.2","#
                + #""cluster":"123","tools":["tool1","tool2"],"models":["model1","model2"],"deployment":"prod","#
                + #""created_at":"2023-08-01T12:00:00Z"}"#
        )
    }

    @Test
    func writesRunJSONWithTheSpecsFieldsInOrder() {
        #expect(
            String(decoding: Self.run.jsonBytes, as: UTF8.self)
                == #"{"created":"2023-08-01T12:00:00Z","status":"completed","time_taken":"5m30s","#
                + #""initiator":"user123","tools":["tool1","tool2"],"cost":0.1,"models":["model1","model2"],"#
                + #""id":123,"task_id":12,"version":"1.0.2"}"#
        )
        #expect(
            String(decoding: Self.sparseRun.jsonBytes, as: UTF8.self)
                == #"{"created":"1969-12-31T23:59:59.999Z","status":"running","time_taken":null,"initiator":"","#
                + #""tools":[],"cost":0,"models":[],"id":9007199254740993,"task_id":null,"version":"v2"}"#
        )
    }

    @Test
    func writesListsAsArraysAndEmptyListsAsEmptyArrays() {
        #expect(String(decoding: [Agent]().jsonBytes, as: UTF8.self) == "[]")
        let two = [Self.run, Self.sparseRun].jsonBytes
        #expect(two.first == UInt8(ascii: "[") && two.last == UInt8(ascii: "]"))
        #expect(
            two == [UInt8(ascii: "[")] + Self.run.jsonBytes + [UInt8(ascii: ",")] + Self.sparseRun.jsonBytes + [
                UInt8(ascii: "]")
            ])
    }

    @Test
    func escapesStringsInRecordJSON() {
        var agent = Self.agent
        agent.name = "quote\" back\\ nl\n ctl\u{1}"
        let text = String(decoding: agent.jsonBytes, as: UTF8.self)
        #expect(text.contains(#""name":"quote\" back\\ nl\n ctl\u0001""#))
    }

    @Test
    func buildsRecordsFromRequests() throws {
        let request = try CreateVersionRequest.decode(
            body: Array(
                (#"{"version":"1.0.2","cluster":"123","tools":["tool1","tool2"],"#
                    + #""models":["model1","model2"],"deployment":"prod"}"#).utf8))
        let version = request.makeVersion(
            id: Self.version.id, agentId: Self.version.agentId, createdMs: Self.version.createdMs)
        #expect(version == Self.version)
        #expect(version.hasSameContent(as: request))
        var changed = request
        changed.tools = ["tool2", "tool1"]
        #expect(!version.hasSameContent(as: changed))

        let input = try RunBatch.decode(body: Array(RequestValidationTests.specRun.utf8), receivedMs: 0).runs[0]
        #expect(input.with(agentId: Self.run.agentId, version: "1.0.2") == Self.run)
        #expect(Self.run.outcome == .success)
    }
}
