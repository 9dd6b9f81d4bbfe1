import HTTPCore
import Testing

/// A request stream the parser must accept, with the requests it must yield.
struct ValidRequestCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var expected: [ParsedRequest]
    var testDescription: String { name }

    init(_ name: String, _ input: String, _ expected: ParsedRequest...) {
        self.name = name
        self.input = Array(input.utf8)
        self.expected = expected
    }
}

/// A request stream the parser must reject, with the error and any requests completed before it.
struct InvalidRequestCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var error: HTTPParseError
    var before: [ParsedRequest] = []
    var testDescription: String { name }

    init(_ name: String, _ input: String, _ error: HTTPParseError, before: [ParsedRequest] = []) {
        self.name = name
        self.input = Array(input.utf8)
        self.error = error
        self.before = before
    }
}

private func fields(_ pairs: KeyValuePairs<String, String>) -> HTTPHeaders {
    HTTPHeaders(pairs.map { (name: $0.key, value: $0.value) })
}

let validRequestCases: [ValidRequestCase] = [
    ValidRequestCase(
        "GET without body, path and query split",
        "GET /api/v1/agents?limit=10&name=a%20b HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "GET", path: "/api/v1/agents", query: "limit=10&name=a%20b",
                headers: fields(["Host": "example.com", "Accept": "*/*"])))
    ),
    ValidRequestCase(
        "POST with Content-Length body",
        "POST /runs HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
        ParsedRequest(
            HTTPRequestHead(
                method: "POST", path: "/runs",
                headers: fields(["Host": "a", "Content-Type": "application/json", "Content-Length": "11"]),
                contentLength: 11),
            body: "{\"ok\":true}")
    ),
    ValidRequestCase(
        "chunked body with extensions and trailers",
        "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n7 ; q=\"x y\"\r\n, world\r\n00A\r\n0123456789\r\n"
            + "0;last\r\nX-Checksum: abc\r\nX-Other:  1 \r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "POST", path: "/upload", headers: fields(["Host": "a", "Transfer-Encoding": "chunked"]),
                isChunked: true),
            body: "hello, world0123456789")
    ),
    ValidRequestCase(
        "chunked with upper-case coding name and empty body",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "PUT", path: "/x", headers: fields(["Transfer-Encoding": "Chunked"]), isChunked: true))
    ),
    ValidRequestCase(
        "HTTP/1.0 without keep-alive closes",
        "GET / HTTP/1.0\r\n\r\n",
        ParsedRequest(HTTPRequestHead(method: "GET", path: "/", version: .http1_0, keepAlive: false))
    ),
    ValidRequestCase(
        "HTTP/1.0 with Connection: keep-alive persists",
        "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "GET", path: "/", version: .http1_0, headers: fields(["Connection": "Keep-Alive"]),
                keepAlive: true))
    ),
    ValidRequestCase(
        "HTTP/1.1 with Connection: close closes",
        "GET / HTTP/1.1\r\nConnection: upgrade, CLOSE\r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "GET", path: "/", headers: fields(["Connection": "upgrade, CLOSE"]), keepAlive: false))
    ),
    ValidRequestCase(
        "Expect: 100-continue is reported",
        "POST /p HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nhi",
        ParsedRequest(
            HTTPRequestHead(
                method: "POST", path: "/p", headers: fields(["Expect": "100-Continue", "Content-Length": "2"]),
                contentLength: 2, expectsContinue: true),
            body: "hi")
    ),
    ValidRequestCase(
        "HEAD",
        "HEAD /health HTTP/1.1\r\nHost: a\r\n\r\n",
        ParsedRequest(HTTPRequestHead(method: "HEAD", path: "/health", headers: fields(["Host": "a"])))
    ),
    ValidRequestCase(
        "three pipelined requests in one buffer",
        "GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
            + "PATCH /3?x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n",
        ParsedRequest(HTTPRequestHead(method: "GET", path: "/1")),
        ParsedRequest(
            HTTPRequestHead(method: "POST", path: "/2", headers: fields(["Content-Length": "3"]), contentLength: 3),
            body: "abc"),
        ParsedRequest(
            HTTPRequestHead(
                method: "PATCH", path: "/3", query: "x", headers: fields(["Transfer-Encoding": "chunked"]),
                isChunked: true),
            body: "de")
    ),
    ValidRequestCase(
        "leading blank lines before the request line are skipped",
        "\r\n\n\r\nDELETE /a HTTP/1.1\r\n\r\n",
        ParsedRequest(HTTPRequestHead(method: "DELETE", path: "/a"))
    ),
    ValidRequestCase(
        "bare LF line endings are accepted in head, chunks and trailers",
        "POST /lf HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n3\nabc\n0\nT: 1\n\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "POST", path: "/lf", headers: fields(["Host": "a", "Transfer-Encoding": "chunked"]),
                isChunked: true),
            body: "abc")
    ),
    ValidRequestCase(
        "header values are trimmed and may be empty or non-ASCII",
        "GET /t? HTTP/1.1\r\nX-Padded: \t value with  spaces \t\r\nX-Empty:\r\nX-Name: café\r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "GET", path: "/t", query: "",
                headers: fields(["X-Padded": "value with  spaces", "X-Empty": "", "X-Name": "café"])))
    ),
    ValidRequestCase(
        "repeated identical Content-Length values merge",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\ncontent-length: 003\r\nContent-Length: 3 , 3\r\n\r\nxyz",
        ParsedRequest(
            HTTPRequestHead(
                method: "POST", path: "/",
                headers: fields(["Content-Length": "3", "content-length": "003", "Content-Length": "3 , 3"]),
                contentLength: 3),
            body: "xyz")
    ),
    ValidRequestCase(
        "Content-Length zero ends immediately",
        "POST /z HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(method: "POST", path: "/z", headers: fields(["Content-Length": "0"]), contentLength: 0))
    ),
    ValidRequestCase(
        "unknown methods and asterisk or other-scheme targets pass through",
        "OPTIONS * HTTP/1.1\r\n\r\nPROPFIND ftp://h/p?q=1 HTTP/1.1\r\n\r\n",
        ParsedRequest(HTTPRequestHead(method: "OPTIONS", path: "*")),
        ParsedRequest(HTTPRequestHead(method: "PROPFIND", path: "ftp://h/p", query: "q=1"))
    ),
    ValidRequestCase(
        "absolute-form target: host from the target replaces Host (RFC 9112 §3.2.2)",
        "GET http://h:81/p?q=1 HTTP/1.1\r\nHost: other\r\nAccept: */*\r\n\r\n"
            + "GET HTTPS://H2 HTTP/1.1\r\n\r\nGET http://h3?x HTTP/1.1\r\n\r\n",
        ParsedRequest(
            HTTPRequestHead(
                method: "GET", path: "/p", query: "q=1", headers: fields(["Accept": "*/*", "Host": "h:81"]))),
        ParsedRequest(HTTPRequestHead(method: "GET", path: "/", headers: fields(["Host": "H2"]))),
        ParsedRequest(HTTPRequestHead(method: "GET", path: "/", query: "x", headers: fields(["Host": "h3"])))
    ),
    ValidRequestCase(
        "higher HTTP/1.x minors are served as HTTP/1.1 (RFC 9110 §2.5)",
        "GET /a HTTP/1.2\r\n\r\nGET /b HTTP/1.9\r\nConnection: close\r\n\r\n",
        ParsedRequest(HTTPRequestHead(method: "GET", path: "/a")),
        ParsedRequest(
            HTTPRequestHead(method: "GET", path: "/b", headers: fields(["Connection": "close"]), keepAlive: false))
    ),
]

let invalidRequestCases: [InvalidRequestCase] = [
    InvalidRequestCase("method with a non-token byte", "GE(T / HTTP/1.1\r\n\r\n", .badRequest("invalid method")),
    InvalidRequestCase("TLS handshake on the plain port", "\u{16}\u{3}\u{1}\u{2}\u{0}", .badRequest("invalid method")),
    InvalidRequestCase(
        "double space in request line", "GET  / HTTP/1.1\r\n\r\n", .badRequest("malformed request line")),
    InvalidRequestCase("HTTP/0.9 style request line", "GET /\r\n\r\n", .badRequest("malformed request line")),
    InvalidRequestCase(
        "control byte in target", "GET /a\u{1}b HTTP/1.1\r\n\r\n", .badRequest("invalid request target")),
    InvalidRequestCase("lower-case protocol name", "GET / http/1.1\r\n\r\n", .badRequest("malformed HTTP version")),
    InvalidRequestCase("two-digit version", "GET / HTTP/1.10\r\n\r\n", .badRequest("malformed HTTP version")),
    InvalidRequestCase(
        "bare CR ending the request line", "GET / HTTP/1.1\r\r\n\r\n", .badRequest("malformed HTTP version")),
    InvalidRequestCase("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", .unsupportedVersion),
    InvalidRequestCase("HTTP/0.9 version", "GET / HTTP/0.9\r\n\r\n", .unsupportedVersion),
    InvalidRequestCase("HTTP/2 connection preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .unsupportedVersion),
    InvalidRequestCase(
        "NUL in header value", "GET / HTTP/1.1\r\nX: a\u{0}b\r\n\r\n",
        .badRequest("invalid character in header field value")),
    InvalidRequestCase(
        "bare CR in header value", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",
        .badRequest("invalid character in header field value")),
    InvalidRequestCase(
        "bare CR line in header block", "GET / HTTP/1.1\r\nX: a\r\n\r\r\n\r\n", .badRequest("invalid header field name")
    ),
    InvalidRequestCase(
        "obs-fold continuation line", "GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n", .badRequest("obsolete line folding")),
    InvalidRequestCase(
        "whitespace before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
        .badRequest("whitespace before colon in header field")),
    InvalidRequestCase(
        "header name with a separator byte", "GET / HTTP/1.1\r\nHo@st: a\r\n\r\n",
        .badRequest("invalid header field name")),
    InvalidRequestCase(
        "header line without colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", .badRequest("invalid header field name")),
    InvalidRequestCase("empty header name", "GET / HTTP/1.1\r\n: a\r\n\r\n", .badRequest("empty header field name")),
    InvalidRequestCase(
        "Content-Length with Transfer-Encoding",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        .badRequest("both Content-Length and Transfer-Encoding")),
    InvalidRequestCase(
        "differing Content-Length headers", "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        .badRequest("conflicting Content-Length values")),
    InvalidRequestCase(
        "differing Content-Length list", "POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\nabcd",
        .badRequest("conflicting Content-Length values")),
    InvalidRequestCase(
        "non-digit Content-Length", "POST / HTTP/1.1\r\nContent-Length: 1a\r\n\r\n",
        .badRequest("invalid Content-Length")),
    InvalidRequestCase(
        "signed Content-Length", "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n",
        .badRequest("invalid Content-Length")),
    InvalidRequestCase(
        "empty Content-Length", "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", .badRequest("invalid Content-Length")),
    InvalidRequestCase(
        "empty Content-Length list element", "POST / HTTP/1.1\r\nContent-Length: 1,,1\r\n\r\n",
        .badRequest("invalid Content-Length")),
    InvalidRequestCase(
        "gzip transfer coding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", .unsupportedTransferCoding),
    InvalidRequestCase(
        "gzip then chunked transfer coding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        .unsupportedTransferCoding),
    InvalidRequestCase(
        "Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        .badRequest("Transfer-Encoding in an HTTP/1.0 request")),
    InvalidRequestCase(
        "empty chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
        .badRequest("invalid chunk size")),
    InvalidRequestCase(
        "non-hex chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
        .badRequest("invalid chunk size")),
    InvalidRequestCase(
        "chunk size with trailing garbage", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n",
        .badRequest("invalid chunk size")),
    InvalidRequestCase(
        "chunk size longer than 16 hex digits",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000001\r\nx\r\n",
        .badRequest("chunk size too long")),
    InvalidRequestCase(
        "chunk size above the body limit", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n",
        .bodyTooLarge),
    InvalidRequestCase(
        "control byte in chunk extension", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a\u{1}\r\nx\r\n",
        .badRequest("invalid chunk extension")),
    InvalidRequestCase(
        "chunk data not followed by CRLF", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
        .badRequest("missing CRLF after chunk data")),
    InvalidRequestCase(
        "chunk data followed by bare CR", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\rX",
        .badRequest("missing CRLF after chunk data")),
    InvalidRequestCase(
        "malformed trailer", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer\r\n\r\n",
        .badRequest("whitespace before colon in header field")),
    InvalidRequestCase(
        "bad request after a good pipelined one", "GET /ok HTTP/1.1\r\n\r\nBAD\r\n\r\n",
        .badRequest("malformed request line"), before: [ParsedRequest(HTTPRequestHead(method: "GET", path: "/ok"))]),
]
