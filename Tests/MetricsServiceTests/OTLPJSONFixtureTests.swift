import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// Bodies written by hand from the OTLP/JSON mapping (hex ids, int64 values as strings, lowerCamelCase, enums as
/// integers) decode into the spans the run mapping expects, and the id edge cases land where the spec says.
struct OTLPJSONFixtureTests {
    static let trace = "5b8efff798038103d269b633813fc60c"

    static func body(spans: String, resource: String = #"{"key":"service.name","value":{"stringValue":"svc"}}"#)
        -> String
    {
        #"{"resourceSpans":[{"resource":{"attributes":[\#(resource)]},"#
            + #""scopeSpans":[{"scope":{"name":"s"},"spans":[\#(spans)]}]}]}"#
    }

    static func span(
        id: String = "eee19b7ec3c1b174", trace: String = trace, parent: String? = nil, attributes: String = "",
        extra: String = ""
    ) -> String {
        let parentMember = parent.map { #""parentSpanId":"\#($0)","# } ?? ""
        return #"{"traceId":"\#(trace)","spanId":"\#(id)",\#(parentMember)"name":"s","kind":1,"#
            + #""startTimeUnixNano":"1544712660300000000","endTimeUnixNano":"1544712661300000000","#
            + #""attributes":[\#(attributes)],"status":{\#(extra)}}"#
    }

    static func decode(_ json: String, encoding: String? = nil) throws -> (
        spans: ExportSpans, rejected: [SpanRejection]
    ) {
        var fields = [(name: "Content-Type", value: "application/json; charset=utf-8")]
        if let encoding { fields.append((name: "Content-Encoding", value: encoding)) }
        let request = HTTPRequest(
            method: "POST", path: "/v1/traces", headers: HTTPHeaders(fields), body: Array(json.utf8))
        let (spans, rejected, type) = try OTLPRequestDecoder.decode(
            request, maxDecompressedBytes: 1 << 20, prices: PriceTable(prices: ["m": .init(input: 1, output: 2)]))
        #expect(type == .json)
        return (spans, rejected)
    }

    @Test func hexIdsAndInt64StringsDecodeExactly() throws {
        let agent = Self.span(
            attributes: #"{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},"#
                + #"{"key":"gen_ai.agent.version","value":{"stringValue":"1.0"}}"#)
        let chat = Self.span(
            id: "0000000000000001", parent: "EEE19B7EC3C1B174",
            attributes: #"{"key":"gen_ai.usage.input_tokens","value":{"intValue":"9007199254740993"}},"#
                + #"{"key":"gen_ai.usage.output_tokens","value":{"intValue":7}},"#
                + #"{"key":"gen_ai.request.model","value":{"stringValue":"m"}}"#)
        let (export, rejected) = try Self.decode(Self.body(spans: agent + "," + chat))
        let spans = export.spans
        #expect(rejected.isEmpty)
        #expect(spans.count == 2 && export.agents.count == 1)
        #expect(spans[0].key.trace.hex == Self.trace)
        #expect(spans[0].key.span == 0xeee1_9b7e_c3c1_b174)
        #expect(spans[0].agent == 0 && export.agents[0].agentName == "svc" && export.agents[0].agentVersion == "1.0")
        #expect(export.agents[0].startNs == 1_544_712_660_300_000_000)
        // Upper-case hex reads the same.
        #expect(spans[1].parent == 0xeee1_9b7e_c3c1_b174 && !spans[1].isAgent)
        #expect(spans[1].own.tokens.input == 9_007_199_254_740_993)
        #expect(spans[1].own.tokens.output == 7)
        #expect(spans[1].own.requestModel == "m" && spans[1].own.responseModel == nil)
    }

    @Test func base64IdsFromOlderExportersAreAcceptedAndBadIdsRefusedOneByOne() throws {
        // The same ids in base64, as exporters before the hex rule sent them.
        let base64 = Self.span(id: "7uGbfsPBsXQ=", trace: "W47/95gDgQPSabYzgT/GDA==")
        let shortTrace = Self.span(trace: "5b8efff798038103")
        let notHex = Self.span(id: "zzzzzzzzzzzzzzzz")
        let zeroSpan = Self.span(id: "0000000000000000")
        let (export, rejected) = try Self.decode(
            Self.body(spans: [base64, shortTrace, notHex, zeroSpan].joined(separator: ",")))
        #expect(export.spans.count == 1)
        #expect(export.spans.first?.key.trace.hex == Self.trace)
        #expect(export.spans.first?.key.span == 0xeee1_9b7e_c3c1_b174)
        #expect(rejected.count == 3)
    }

    @Test func errorStatusAndUnknownFieldsAreRead() throws {
        let failed = Self.span(
            attributes: #"{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_workflow"}},"#
                + #"{"key":"error.type","value":{"stringValue":"timeout"}}"#,
            extra: #""code":2,"message":"boom""#)
        let (export, _) = try Self.decode(
            Self.body(spans: failed.replacingOccurrences(of: #""kind":1"#, with: #""kind":1,"futureField":{"x":1}"#)))
        #expect(export.agents.first?.failed == true && export.agents.first?.errorType == "timeout")
        #expect(export.spans.first?.isAgent == true)
    }

    @Test func agentSpansWithUnstorableNamesAreRefused() throws {
        let agent = Self.span(attributes: #"{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}}"#)
        let longNamespace =
            #"{"key":"service.namespace","value":{"stringValue":"\#(String(repeating: "p", count: 1025))"}}"#
        let idLikeName = #"{"key":"service.name","value":{"stringValue":"5f8d0d55b54764429a0e36a1"}}"#
        for resource in [longNamespace + "," + #"{"key":"service.name","value":{"stringValue":"a"}}"#, idLikeName] {
            let (export, rejected) = try Self.decode(Self.body(spans: agent, resource: resource))
            #expect(export.spans.isEmpty && export.agents.isEmpty && rejected.count == 1)
        }
    }

    /// Protobuf's JSON mapping reads a null field as its default, so these are empty exports (openapi.yaml
    /// says so too); a null inside the array is not a message and is refused.
    @Test func nullFieldsAreEmptyExports() throws {
        for body in [#"{"resourceSpans":null}"#, #"{"resourceSpans":[{"scopeSpans":null}]}"#, "{}"] {
            let (export, rejected) = try Self.decode(body)
            #expect(export.spans.isEmpty && rejected.isEmpty, "\(body)")
        }
        #expect(throws: APIError.self) { try Self.decode(#"{"resourceSpans":[null]}"#) }
    }

    @Test func undecodableBodiesAreInvalidOTLP() {
        for body in [
            #"{"resourceSpans":"#, #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"x"}]}]}]}"#,
        ] {
            #expect(throws: APIError.self) { try Self.decode(body) }
        }
    }
}
