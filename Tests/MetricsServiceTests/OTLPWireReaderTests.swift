import Foundation
import OTLPProto
import SwiftProtobuf
import Testing
import TestSupport

@testable import MetricsService

/// The in-place binary reader against swift-protobuf's decoding of the same bytes: seeded random requests give the
/// same spans and refusals both ways, and damaged bodies are errors, never traps.
struct OTLPWireReaderTests {
    static let prices = PriceTable(prices: ["gpt": .init(input: 1, output: 3)])
    static let keys = AttributeKey.allCases.map(\.name) + ["http.method", "gen_ai.system", ""]

    static func value(_ generator: inout SeededGenerator) -> OTLPAnyValue {
        var value = OTLPAnyValue()
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            value.stringValue = ["invoke_agent", "chat", "execute_tool", "gpt-4o", "a", "invoke_workflow"]
                .randomElement(using: &generator)!
        case 1: value.intValue = Int64.random(in: -5...100_000, using: &generator)
        case 2: value.doubleValue = Double(Int.random(in: 0...50, using: &generator)) / 4
        case 3: value.boolValue = true
        case 4: value.stringValue = String(Int.random(in: 0...999, using: &generator))
        default: value.arrayValue.values = [OTLPAnyValue()]
        }
        return value
    }

    static func attributes(_ count: Int, _ generator: inout SeededGenerator) -> [OTLPKeyValue] {
        (0..<count).map { _ in
            var attribute = OTLPKeyValue()
            attribute.key = keys.randomElement(using: &generator)!
            attribute.value = value(&generator)
            return attribute
        }
    }

    static func request(_ generator: inout SeededGenerator) -> OTLPExportRequest {
        var request = OTLPExportRequest()
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            var resourceSpans = OTLPResourceSpans()
            // A service name first, so spans whose operation is invoke_agent are agent runs unless refused.
            var service = OTLPKeyValue()
            service.key = "service.name"
            service.value.stringValue = "svc"
            resourceSpans.resource.attributes =
                [service] + attributes(Int.random(in: 0...4, using: &generator), &generator)
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
                scope.scope.name = "s"
                for _ in 0..<Int.random(in: 0...6, using: &generator) {
                    var span = OTLPProtoSpan()
                    span.traceID = Data(
                        (0..<[16, 16, 16, 8].randomElement(using: &generator)!).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        })
                    span.spanID = Data(
                        (0..<[8, 8, 8, 0].randomElement(using: &generator)!).map { _ in
                            UInt8.random(in: 0...3, using: &generator)
                        })
                    span.parentSpanID = Data(
                        (0..<[8, 0].randomElement(using: &generator)!).map { _ in
                            UInt8.random(in: 0...3, using: &generator)
                        })
                    span.name = "span"
                    span.startTimeUnixNano = UInt64.random(in: 0...2_000_000_000_000_000_000, using: &generator)
                    span.endTimeUnixNano =
                        span.startTimeUnixNano + UInt64.random(in: 0...5_000_000_000, using: &generator)
                    span.attributes = attributes(Int.random(in: 0...10, using: &generator), &generator)
                    if Bool.random(using: &generator) {
                        var operation = OTLPKeyValue()
                        operation.key = "gen_ai.operation.name"
                        operation.value.stringValue = "invoke_agent"
                        span.attributes.insert(operation, at: 0)
                    }
                    span.status.code = [.unset, .ok, .error].randomElement(using: &generator)!
                    span.status.message = "m"
                    scope.spans.append(span)
                }
                resourceSpans.scopeSpans.append(scope)
            }
            request.resourceSpans.append(resourceSpans)
        }
        return request
    }

    @Test func readsWhatSwiftProtobufReads() throws {
        var generator = SeededGenerator(seed: 14)
        var accepted = 0
        var agents = 0
        for _ in 0..<300 {
            let bytes: [UInt8] = try Self.request(&generator).serializedBytes()
            let expected = OTLPSpanReader(prices: Self.prices).read(try OTLPExportRequest(serializedBytes: bytes))
            let actual = try OTLPWireReader(prices: Self.prices).read(bytes)
            #expect(actual.spans == expected.spans)
            #expect(actual.rejected == expected.rejected)
            accepted += actual.spans.spans.count
            agents += actual.spans.agents.count
        }
        // The comparison covered accepted spans and agent spans, not only refusals.
        #expect(accepted > 300 && agents > 10)
    }

    @Test func damagedBodiesFailWithoutTrapping() throws {
        var generator = SeededGenerator(seed: 15)
        let bytes: [UInt8] = try Self.request(&generator).serializedBytes()
        for length in 0..<bytes.count {
            _ = try? OTLPWireReader(prices: Self.prices).read(Array(bytes.prefix(length)))
        }
        for _ in 0..<2_000 {
            var damaged = bytes
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? OTLPWireReader(prices: Self.prices).read(damaged)
        }
        #expect(throws: ProtoWireError.self) { try OTLPWireReader(prices: Self.prices).read([0x0A, 0xFF]) }
        #expect(throws: ProtoWireError.self) { try OTLPWireReader(prices: Self.prices).read([0x0B]) }
    }

    /// A length-delimited field: key (field numbers under 16), varint length, bytes.
    static func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        var length: [UInt8] = []
        var count = bytes.count
        while count >= 0x80 {
            length.append(UInt8(count & 0x7F) | 0x80)
            count >>= 7
        }
        return [number << 3 | 2] + length + [UInt8(count)] + bytes
    }

    /// Bodies swift-protobuf accepts that a straight reading would not: messages sent in parts (merged, later
    /// fields winning), a known field with the wrong wire type (kept as unknown), and an unknown group.
    @Test func mergesPartsAndSkipsWhatSwiftProtobufSkips() throws {
        var span = OTLPProtoSpan()
        span.traceID = Data((1...16).map { UInt8($0) })
        span.spanID = Data([0, 0, 0, 0, 0, 0, 0, 9])
        span.startTimeUnixNano = 1_000
        span.endTimeUnixNano = 2_000
        span.status.code = .error
        var operation = OTLPKeyValue()
        operation.key = "gen_ai.operation.name"
        operation.value.stringValue = "invoke_agent"
        span.attributes = [operation]
        var statusAgain = OTLPProtoSpan()
        statusAgain.status.message = "only a message: the code stays ERROR"
        var name = OTLPKeyValue()
        name.key = "gen_ai.agent.name"
        name.value.stringValue = "a"
        var nameAgain = OTLPKeyValue()
        nameAgain.value = OTLPAnyValue()  // an empty value part: the name stays "a"
        let nameBytes: [UInt8] = try name.serializedBytes() + nameAgain.serializedBytes()
        let spanBytes: [UInt8] =
            try span.serializedBytes() + statusAgain.serializedBytes() + Self.field(9, nameBytes)
            + [0x38, 0x05]  // start time as a varint: not fixed64, so an unknown field
            + [0xA3, 0x06, 0x08, 0x01, 0xA4, 0x06]  // group 100 holding a varint
        var service = OTLPKeyValue()
        service.key = "service.name"
        service.value.stringValue = "svc"
        var version = OTLPKeyValue()
        version.key = "service.version"
        version.value.stringValue = "2.0"
        let resourceSpans =
            Self.field(1, Self.field(1, try service.serializedBytes())) + Self.field(2, Self.field(2, spanBytes))
            + Self.field(1, Self.field(1, try version.serializedBytes()))
        let body = Self.field(1, resourceSpans)

        let expected = OTLPSpanReader(prices: Self.prices).read(try OTLPExportRequest(serializedBytes: body))
        let actual = try OTLPWireReader(prices: Self.prices).read(body)
        #expect(actual.spans == expected.spans)
        #expect(actual.rejected == expected.rejected)
        let read = try #require(actual.spans.agents.first)
        #expect(read.failed && read.agentName == "a" && read.agentVersion == "2.0" && read.startNs == 1_000)
        #expect(actual.spans.spans.first?.agent == 0)
    }

    /// Attributes laid out as SDKs write them (key, then a value, each with a one-byte length: the reader's fast
    /// path) and every way around it (value first, a length of two bytes, an unknown field after the value) read
    /// as swift-protobuf reads them.
    @Test func readsAttributesInEveryLayoutAsSwiftProtobufDoes() throws {
        func text(_ value: String) -> [UInt8] { Self.field(1, Array(value.utf8)) }
        func key(_ name: String) -> [UInt8] { Self.field(1, Array(name.utf8)) }
        let conversation = String(repeating: "c", count: 300)
        let attributes: [[UInt8]] = [
            key("gen_ai.operation.name") + Self.field(2, text("invoke_agent")),
            Self.field(2, text("first-name")) + key("gen_ai.agent.name"),
            key("gen_ai.conversation.id") + Self.field(2, text(conversation)),
            key("enduser.id") + Self.field(2, text("user")) + [0x18, 0x01],
            key("gen_ai.agent.version") + Self.field(2, text("3.1")),
        ]
        let ids: [UInt8] = Self.field(1, Array(1...16)) + Self.field(2, [0, 0, 0, 0, 0, 0, 0, 7])
        let times: [UInt8] = [0x39] + [0xE8, 0x03, 0, 0, 0, 0, 0, 0] + [0x41] + [0xD0, 0x07, 0, 0, 0, 0, 0, 0]
        let span = ids + times + attributes.flatMap { Self.field(9, $0) }
        let body = Self.field(1, Self.field(2, Self.field(2, span)))

        let expected = OTLPSpanReader(prices: Self.prices).read(try OTLPExportRequest(serializedBytes: body))
        let actual = try OTLPWireReader(prices: Self.prices).read(body)
        #expect(actual.spans == expected.spans)
        let read = try #require(actual.spans.agents.first)
        #expect(read.agentName == "first-name" && read.agentVersion == "3.1" && read.initiator == "user")
        #expect(read.conversationID == conversation)
    }
}
