import Testing

@testable import HTTPCore

/// The `Host` rules of RFC 9112 §3.2 and RFC 3986 §3.2.2, decided without a socket.
@Suite struct HostValidationTests {
    private func headers(_ hosts: String...) -> HTTPHeaders {
        HTTPHeaders([("Accept", "*/*")] + hosts.map { ("Host", $0) })
    }

    static let wellFormed = [
        "example.com", "EXAMPLE.com", "example.com:8080", "example.com:", "example.com.", "localhost",
        "127.0.0.1", "127.0.0.1:80", "10.0.0.1:65535", "[::1]", "[::1]:8080", "[2001:db8::7]:443",
        "[::ffff:192.0.2.1]", "a-b_c~d.example", "%65xample.com", "x!$&'()*+,;=y", "1",
    ]

    @Test(arguments: wellFormed)
    func acceptsWellFormedHost(_ host: String) {
        #expect(HostValidation().check(headers(host), version: .http1_1) == nil)
        #expect(HostValidation.hostLength(host) != nil)
    }

    static let malformed = [
        "", " ", ":80", "a@b", "user:pass@example.com", "example.com/path", "example.com?x", "example.com#x",
        "exa mple.com", "example.com x", "example.com:80x", "example.com:-1", "example.com:65536",
        "example.com:123456", "example.com:80:80", "[::1", "::1", "[::1]x", "[::1]:x", "[]", "[zz::1]",
        "[::1%eth0]", "[v1.fe]", "[127.0.0.1]", "exa\"mple", "exa<mple", "exa\\mple", "%zz.example", "%4",
        "caf\u{e9}.example", "a\tb",
    ]

    @Test(arguments: malformed)
    func rejectsMalformedHost(_ host: String) {
        #expect(HostValidation().check(headers(host), version: .http1_1) == .malformed)
        #expect(HostValidation().check(headers(host), version: .http1_0) == .malformed)
    }

    @Test func requiresHostInHTTP11() {
        #expect(HostValidation().check(headers(), version: .http1_1) == .missing)
    }

    /// HTTP/1.0 predates `Host`; such clients are still served unless a host list must be checked.
    @Test func allowsHTTP10WithoutHostOnlyWithoutAllowList() throws {
        #expect(HostValidation().check(headers(), version: .http1_0) == nil)
        let restricted = try HostValidation(allowedHosts: ["example.com"])
        #expect(restricted.check(headers(), version: .http1_0) == .missing)
    }

    @Test func rejectsTwoHostFieldsEvenWhenEqual() {
        #expect(HostValidation().check(headers("a.example", "a.example"), version: .http1_1) == .duplicate)
        #expect(HostValidation().check(headers("a.example", "b.example"), version: .http1_0) == .duplicate)
        let mixedCase = HTTPHeaders([("Host", "a.example"), ("hOsT", "a.example")])
        #expect(HostValidation().check(mixedCase, version: .http1_1) == .duplicate)
    }

    @Test(arguments: [
        ("metrics.example.com", true), ("METRICS.Example.COM", true), ("metrics.example.com:8443", true),
        ("metrics.example.com.", true), ("10.0.0.5:8080", true), ("[::1]:8080", true), ("[::1]", true),
        ("evil.example", false), ("metrics.example.com.evil.example", false), ("example.com", false),
        ("10.0.0.50", false), ("[::2]", false), ("metrics.example.co", false),
    ])
    func allowListMatchesHostIgnoringPortAndCase(host: String, served: Bool) throws {
        let validation = try HostValidation(allowedHosts: ["metrics.example.com", "10.0.0.5:9999", "[::1]"])
        #expect(validation.check(headers(host), version: .http1_1) == (served ? nil : .misdirected))
    }

    @Test func allowListEntriesAreNormalised() throws {
        let validation = try HostValidation(allowedHosts: ["Metrics.Example.com:443", "localhost.", "[::1]:80"])
        #expect(validation.allowedHosts == ["metrics.example.com", "localhost", "[::1]"])
    }

    @Test(arguments: ["", "a@b", "http://example.com", "example.com/", "[::1"])
    func rejectsInvalidAllowListEntry(_ entry: String) {
        #expect(throws: HostValidation.InvalidEntry(entry: entry)) {
            try HostValidation(allowedHosts: ["ok.example", entry])
        }
    }

    @Test func malformedHostIsReportedBeforeTheAllowList() throws {
        let validation = try HostValidation(allowedHosts: ["example.com"])
        #expect(validation.check(headers("example.com@evil"), version: .http1_1) == .malformed)
    }

    @Test func failuresMapToOneStatusEach() {
        for failure in [HostValidation.Failure.missing, .duplicate, .malformed] {
            #expect(failure.httpError.status.code == 400)
            #expect(failure.httpError.code == "invalid_host")
        }
        #expect(HostValidation.Failure.misdirected.httpError.status.code == 421)
        #expect(HostValidation.Failure.misdirected.httpError.code == "misdirected_request")
    }
}
