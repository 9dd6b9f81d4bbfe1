import TestSupport
import HTTPCore
import Testing

/// Malformed and oversized requests get the right status, the connection is closed, and the server
/// keeps serving everyone else.
@Suite(.serialized)
struct ServerRejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var request: String
        var status: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "garbage request line", request: "HELLO\r\n\r\n", status: 400),
        Case(name: "space before colon", request: "GET / HTTP/1.1\r\nHost : t\r\n\r\n", status: 400),
        Case(name: "NUL in header value", request: "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", status: 400),
        Case(
            name: "both Content-Length and Transfer-Encoding",
            request: "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400),
        Case(
            name: "conflicting Content-Lengths",
            request: "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400),
        Case(
            name: "bad chunk size",
            request: "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", status: 400),
        Case(
            name: "unknown transfer coding",
            request: "POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501),
        Case(
            name: "header block over the limit",
            request: "GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 17 * 1024))\r\n\r\n", status: 431),
        Case(
            name: "URI over the limit",
            request: "GET /\(String(repeating: "a", count: 9 * 1024)) HTTP/1.1\r\n\r\n", status: 414),
        Case(
            name: "body over the limit",
            request: "POST /echo HTTP/1.1\r\nContent-Length: 9000000\r\n\r\n", status: 413),
        Case(name: "HTTP/2 preface", request: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505),
        Case(name: "HTTP/3.0", request: "GET / HTTP/3.0\r\n\r\n", status: 505),
    ]

    @Test(arguments: cases)
    func rejectsAndClosesWhileOthersAreServed(_ testCase: Case) throws {
        let response = try TestServer.refusal(of: testCase.request)
        #expect(response.status == testCase.status)
        #expect(response.errorCode != nil)
    }
}
