import Testing
import TestSupport

@testable import MetricsService

/// The fast ingest path against the reference (`RunBatch.decode`, then `RunDocuments(batch:)`): whatever it
/// accepts the reference accepts and stores as the same bytes, and it accepts every escape-free body the
/// reference accepts. Whatever it declines goes to the reference, so its answers are the reference's.
struct RunDocumentEncoderTests {
    static let receivedMs: Int64 = 1_700_000_000_000
    static let target = IngestTargets.Target(agentId: "0123456789abcdef01234567", version: "1.0.0")

    /// Each document's bytes with its `_id` (bytes 9..<21: length, type, "_id\0") zeroed: ids are fresh.
    static func masked(_ documents: RunDocuments) -> [[UInt8]] {
        (0..<documents.count).map { index in
            var bytes = Array(documents.document(index))
            for offset in 9..<21 { bytes[offset] = 0 }
            return bytes
        }
    }

    static func reference(_ body: [UInt8]) -> RunDocuments? {
        guard let batch = try? RunBatch.decode(body: body, receivedMs: receivedMs) else { return nil }
        return RunDocuments(batch, target: target, samples: true)
    }

    static func fast(_ body: [UInt8]) -> RunDocuments? {
        RunDocumentEncoder.encode(body: body, receivedMs: receivedMs, target: target, samples: true)
    }

    /// The fast path agrees with the reference on `body`; returns whether the fast path took it.
    /// - Parameter mayDecline: the body is valid in a shape the fast path leaves to the reference.
    @discardableResult
    static func checkAgreement(_ body: [UInt8], _ context: Comment, mayDecline: Bool = false) -> Bool {
        let reference = reference(body)
        guard let fast = fast(body) else {
            let escapeFree = !body.contains(UInt8(ascii: "\\"))
            #expect(
                reference == nil || !escapeFree || mayDecline,
                "declined a valid escape-free body — \(context.rawValue)"
            )
            return false
        }
        guard let reference else {
            Issue.record("accepted a body the reference refuses — \(context.rawValue)")
            return true
        }
        #expect(fast.isSingle == reference.isSingle, context)
        #expect(fast.runIds == reference.runIds, context)
        #expect(fast.single == reference.single, context)
        #expect(masked(fast) == masked(reference), context)
        #expect(fast.samples.map(\.runId) == reference.samples.map(\.runId), context)
        #expect(fast.samples.map(\.costMicros) == reference.samples.map(\.costMicros), context)
        #expect(fast.samples.map(\.runtimeMicros) == reference.samples.map(\.runtimeMicros), context)
        #expect(fast.samples.map(\.status) == reference.samples.map(\.status), context)
        return true
    }

    @Test(arguments: [
        #"{"runs":null,"id":1,"status":"a"}"#, #"{"id":1,"status":"a","runs":[]}"#,
        #"{"runs":[{"id":1,"status":"a"}],"runs":[{"id":2,"status":"b"}]}"#, #"{"id":1,"status":"a\u0041"}"#,
    ])
    func leavesOddShapesToTheReference(_ body: String) {
        Self.checkAgreement(Array(body.utf8), Comment(rawValue: body), mayDecline: true)
        #expect(Self.fast(Array(body.utf8)) == nil)
    }

    @Test func agreesWithTheReferenceOnGeneratedRuns() {
        var generator = RunJSONGenerator(seed: RunDecoderPropertyTests.seed)
        var taken = 0
        for iteration in 0..<3_000 {
            let generated = generator.next()
            let context = Comment(rawValue: "#\(iteration): \(generated.json.prefix(400))")
            let body = iteration % 2 == 0 ? generated.json : #"{"runs":[\#(generated.json),\#(generated.json)]}"#
            if Self.checkAgreement(Array(body.utf8), context) { taken += 1 }
        }
        #expect(taken > 0, "the fast path took none of 3000 bodies")
    }

    /// Escape-free runs (the fast path's whole domain) built from valid and invalid values of every field,
    /// repeated names and unknown members, in random order.
    @Test func agreesWithTheReferenceOnGeneratedEscapeFreeRuns() {
        var random = SeededGenerator(seed: 0x0FA5_7BA7)
        let values: [String: [String]] = [
            "id": [
                "1", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "1e3", "2.0", "1.5", "\"7\"",
                "null",
            ],
            "task_id": ["7", "-1", "1e300", "0.5", "\"x\"", "null", "[]"],
            "status": [
                "\"completed\"", "\"é中😀\"", "\"\"", "\"\(String(repeating: "s", count: 257))\"",
                "\"\(String(repeating: "s", count: 256))\"", "1", "null",
            ],
            "created": [
                "\"2023-08-01T12:00:00Z\"", "\"2023-08-01T12:00:00.123+05:30\"", "\"9999-12-31T23:59:59.999Z\"",
                "\"1969-12-31T23:59:59Z\"", "\"2023-02-30T00:00:00Z\"", "5", "null",
            ],
            "time_taken": [
                "\"5m30s\"", "\"1h2m3.5s\"", "\"720h\"", "\"721h\"", "\"-1s\"", "\"1d\"", "\"3\"", "330", "0.25",
                "2592001", "-0.0", "true", "null",
            ],
            "initiator": ["\"user123\"", "\"\"", "\"ü\"", "\"\(String(repeating: "i", count: 1025))\"", "3", "null"],
            "tools": [
                "[\"a\",\"b\"]", "[]", "[\"é\"]", "[1]", "[null]", "\"a\"", "null",
                "[\"\(String(repeating: "t", count: 1025))\"]",
            ],
            "models": ["[\"m\"]", "[]", "{}", "null"],
            "cost": [
                "0.1", "0", "-0", "1000000", "1000000.5", "-0.01", "1e-7", "123456789012345678", "0.30000000000000004",
                "\"1\"", "null",
            ],
            "extra": ["{\"$gt\":[1,{\"a\":null}]}", "true", "\"x\""],
        ]
        var taken = 0
        for iteration in 0..<4_000 {
            var members: [String] = []
            for (name, options) in values where name == "id" || name == "status" || Bool.random(using: &random) {
                let count = Int.random(in: 0..<10, using: &random) == 0 ? 2 : 1
                for _ in 0..<count { members.append("\"\(name)\":\(options.randomElement(using: &random)!)") }
            }
            members.shuffle(using: &random)
            let run = "{" + members.joined(separator: Bool.random(using: &random) ? "," : " , ") + "}"
            let body = iteration % 3 == 0 ? #"{"runs":[\#(run),\#(run)]}"# : run
            if Self.checkAgreement(Array(body.utf8), Comment(rawValue: "#\(iteration): \(body.prefix(400))")) {
                taken += 1
            }
        }
        #expect(taken > 150, "the fast path took only \(taken) of 4000 bodies")
    }

    @Test(arguments: [
        // Repeated names: the last wins, including a null that un-gives a field.
        #"{"id":1,"status":"a","id":2}"#, #"{"id":"x","status":"a","id":3}"#,
        #"{"id":1,"status":"a","cost":5,"cost":null}"#,
        #"{"id":1,"status":"a","status":""}"#,
        // Numbers in every form.
        #"{"id":1e3,"status":"a"}"#, #"{"id":123.0,"status":"a"}"#, #"{"id":1.5,"status":"a"}"#,
        #"{"id":9223372036854775807,"status":"a"}"#, #"{"id":-9223372036854775808,"status":"a"}"#,
        #"{"id":9223372036854775808,"status":"a"}"#, #"{"id":-0,"status":"a","cost":-0}"#,
        #"{"id":1,"status":"a","cost":-0.0}"#, #"{"id":1,"status":"a","cost":1e400}"#, #"{"id":01,"status":"a"}"#,
        #"{"id":1,"status":"a","cost":1000000}"#, #"{"id":1,"status":"a","cost":1000000.0000001}"#,
        #"{"id":1,"status":"a","time_taken":2592000}"#, #"{"id":1,"status":"a","time_taken":2592000.001}"#,
        #"{"id":1,"status":"a","time_taken":"720h"}"#, #"{"id":1,"status":"a","time_taken":"720h0m0.001s"}"#,
        #"{"id":1,"status":"a","time_taken":"-1s"}"#, #"{"id":1,"status":"a","time_taken":0.1}"#,
        #"{"id":1,"status":"a","time_taken":true}"#, #"{"id":1,"status":"a","task_id":null,"time_taken":null}"#,
        // Strings: non-ASCII, invalid UTF-8 is below; escapes go to the reference.
        #"{"id":1,"status":"é中😀","initiator":"ü","tools":["ø","t"],"models":[]}"#,
        #"{"id":1,"status":"a\u0000"}"#, #"{"id":1,"status":"a\n"}"#,
        // Wrong types, shapes and structure.
        #"{"id":1,"status":"a","tools":"x"}"#, #"{"id":1,"status":"a","tools":[1]}"#,
        #"{"id":1,"status":"a","tools":[null]}"#,
        #"{"id":1,"status":"a","created":"2023-08-01T12:00:00+02:00"}"#,
        #"{"id":1,"status":"a","created":"1969-12-31T23:59:59Z"}"#,
        #"{"id":1,"status":"a","created":5}"#,
        #"{"id":1,"status":"a","created":"2023-08-01T12:00:00.\#(String(repeating: "1", count: 1_000))Z"}"#,
        #"{"id":1,"status":"a","created":"2023-08-01T12:00:00.\#(String(repeating: "1", count: 1_010))Z"}"#,
        #"{"id":1,"status":"a","x":{"y":[1,{"z":null}],"w":true}}"#,
        #"{"id":1,"status":"a"} x"#, #"{"id":1,"status":"a",}"#, #"{"id":1 "status":"a"}"#, #"[]"#, #"{}"#, "",
        #"{"runs":[]}"#, #"{"runs":{}}"#, #"{"runs":[1]}"#,
        #"{"runs":[{"id":1,"status":"a","runs":5}]}"#, #"{"runs":[{"id":1,"status":"a"}] }  "#,
        #"{"runs":[{"id":1,"status":"a"},]}"#, #"{"runs":[{"id":1,"status":"a"}]"#,
    ])
    func agreesWithTheReferenceOnEdgeCases(_ body: String) {
        Self.checkAgreement(Array(body.utf8), Comment(rawValue: body))
    }

    @Test func declinesInvalidUTF8AndTooDeepNesting() {
        let invalid = Array(#"{"id":1,"status":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        Self.checkAgreement(invalid, "invalid UTF-8")
        #expect(Self.fast(invalid) == nil)
        for depth in [61, 62, 63, 64] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let body = #"{"runs":[{"id":1,"status":"a","x":\#(nested)}]}"#
            Self.checkAgreement(Array(body.utf8), Comment(rawValue: "depth \(depth)"))
        }
    }

    @Test func declinesPastTheRunLimitSoTheReferenceAnswers413() {
        let run = #"{"id":1,"status":"a"}"#
        let atLimit =
            #"{"runs":[\#(Array(repeating: run, count: APIError.maximumRunsPerRequest).joined(separator: ","))]}"#
        #expect(Self.fast(Array(atLimit.utf8))?.count == APIError.maximumRunsPerRequest)
        let past =
            #"{"runs":[\#(Array(repeating: run, count: APIError.maximumRunsPerRequest + 1).joined(separator: ","))]}"#
        #expect(Self.fast(Array(past.utf8)) == nil)
    }
}

extension RunDocumentEncoderTests {
    /// The exact decimal fast path rounds as `Double(String)` does, and leaves every other text to it.
    @Test func decimalFastPathMatchesTheStandardLibrary() {
        var random = SeededGenerator(seed: 0xDEC1_2026)
        for _ in 0..<50_000 {
            let integer = String(
                UInt64.random(in: 0...999_999_999, using: &random) >> UInt64.random(in: 0...30, using: &random))
            let fraction = String(UInt64.random(in: 0...999_999_999_999, using: &random))
            let sign = Bool.random(using: &random) ? "-" : ""
            let text = Bool.random(using: &random) ? "\(sign)\(integer).\(fraction)" : "\(sign)0.\(fraction)"
            let fast = Array(text.utf8).withUnsafeBufferPointer { RunDocumentEncoder.decimal($0) }
            let reference = Double(text)!
            if let fast {
                #expect(fast.bitPattern == reference.bitPattern, "\(text)")
            } else {
                #expect(text.filter(\.isNumber).count > 15, "\(text) has at most 15 digits")
            }
        }
        #expect(Array("1e5".utf8).withUnsafeBufferPointer { RunDocumentEncoder.decimal($0) } == nil)
    }
}
