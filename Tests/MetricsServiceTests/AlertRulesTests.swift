import HTTPCore
import Testing

@testable import MetricsService

/// The pure parts of regression alerts: transitions, backoff, signature, URLs and links.
struct AlertRulesTests {
    static func regression(_ verdict: ComparisonVerdict) -> VersionRegression {
        var comparison = VersionComparison(
            base: VersionAggregate(key: VersionKey(agentId: "a", version: "1")),
            candidate: VersionAggregate(key: VersionKey(agentId: "a", version: "2")),
            configuration: ComparisonConfiguration())
        comparison.verdict = verdict
        return VersionRegression(against: "1", comparison: comparison)
    }

    @Test func aVersionAlertsWhenItBecomesWorseAndWhenItRecoversOnly() {
        let key = VersionKey(agentId: "a", version: "2")
        var states: [VersionKey: AlertState] = [:]
        func step(_ verdict: ComparisonVerdict) -> [AlertState] {
            let transitions = AlertState.transitions(regressions: [key: Self.regression(verdict)], states: states)
            for (state, _) in transitions { states[state.key] = state }
            return transitions.map(\.state)
        }
        #expect(step(.noChange).isEmpty)
        #expect(step(.better).isEmpty)
        #expect(step(.worse).map { "\($0.condition)#\($0.sequence)" } == ["worse#1"])
        #expect(step(.worse).isEmpty)
        #expect(step(.insufficientData).isEmpty)
        #expect(step(.better).map { "\($0.condition)#\($0.sequence)" } == ["ok#2"])
        #expect(step(.noChange).isEmpty)
        #expect(step(.worse).map { "\($0.condition)#\($0.sequence)" } == ["worse#3"])
        #expect(AlertState.transitions(regressions: [:], states: states).isEmpty)
        #expect(AlertState.eventID(key, sequence: 3) == key.documentID + "#3")
    }

    @Test func retriesBackOffExponentiallyToACapThenGiveUp() {
        let schedule = RetrySchedule()
        #expect((1...6).map { schedule.delayMs(afterFailures: $0) } == [1_000, 2_000, 4_000, 8_000, 16_000, 32_000])
        #expect(schedule.delayMs(afterFailures: 11) == 600_000)
        #expect(schedule.delayMs(afterFailures: 19) == 600_000)
        #expect(schedule.delayMs(afterFailures: 20) == nil)
    }

    /// RFC 4231, test case 2.
    @Test func signatureIsHMACSHA256OfTheBody() {
        let signature = WebhookSignature.value(
            body: Array("what do ya want for nothing?".utf8), secret: Array("Jefe".utf8))
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func webhookURLsArePlainHTTPOnly() {
        let url = HTTPURL("http://hooks.internal:9000/agent-metrics?team=a")
        #expect(url?.host == "hooks.internal")
        #expect(url?.port == 9000)
        #expect(url?.target == "/agent-metrics?team=a")
        #expect(url?.hostHeader == "hooks.internal:9000")
        #expect(HTTPURL("http://[::1]/x")?.hostHeader == "[::1]")
        #expect(HTTPURL("HTTP://example.com")?.target == "/")
        for bad in [
            "https://example.com/", "ftp://x", "http://", "http://user@host/", "http://host:0/", "http://host:99999/",
            "http://host/a b", "http://host/#frag", "http://a:b:c/", "example.com",
        ] {
            #expect(HTTPURL(bad) == nil, "\(bad)")
        }
    }

    @Test func eventLinksPercentEncodeTheVersions() {
        let link = AlertEvent.link(
            "https://dash.example/#old", key: VersionKey(agentId: "abc", version: "1.1.0+build/7"), against: "1.0 rc")
        #expect(link == "https://dash.example/#compare?agent=abc&base=1.0%20rc&candidate=1.1.0%2Bbuild%2F7")
    }
}
