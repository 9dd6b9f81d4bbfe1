import Testing

@testable import MetricsService

struct SemanticVersionTests {
    @Test(arguments: [
        "1.0.2", "0.0.0", "v1.2.3", "V1.2.3", "1.0.0-rc.1+build", "1.0.0-alpha", "1.0.0+20130313144700",
        "1.0.0-x-y-z.--", "1.0.0-0.3.7", "10.20.30", "1.0.0-alpha+beta.1",
    ])
    func parsesSemanticVersions(text: String) {
        #expect(SemanticVersion(text) != nil)
    }

    @Test(arguments: [
        "", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+", "1.2.3-01", "1.2.3-a..b",
        "1.2.3-a_b", "vv1.2.3", "v", "1.2.x", "-1.2.3", " 1.2.3", "1.2.3 ", "latest", "1.2.3-alpha+b+c",
        "99999999999999999999.0.0",
    ])
    func rejectsWhatIsNotSemver(text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test
    func comparesByTheSemverPrecedenceExample() throws {
        // The ordering example from semver.org, section 11.
        let ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.9.0", "1.10.0", "1.11.0", "2.0.0", "2.1.0", "2.1.1",
        ].map { SemanticVersion($0)! }
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(lower < higher)
            #expect(!(higher < lower))
        }
        #expect(ordered.shuffled().sorted() == ordered)
    }

    @Test
    func ignoresBuildMetadataAndVPrefixInPrecedence() {
        #expect(SemanticVersion("1.0.0+a")! == SemanticVersion("1.0.0+b")!)
        #expect(SemanticVersion("v1.0.0")! == SemanticVersion("1.0.0")!)
        #expect(SemanticVersion("1.0.0-rc.1+x")!.build == ["x"])
    }

    @Test
    func sortsSemverNewestFirstThenOthersByCreationTime() {
        let versions: [(version: String, createdMs: Int64)] = [
            ("latest", 500),
            ("1.0.2", 100),
            ("experiment", 900),
            ("1.10.0", 50),
            ("1.9.0", 300),
            ("2.0.0-rc.1", 400),
            ("v1.9.0", 350),
            ("2.0.0", 10),
        ]
        let sorted = versions.sorted(by: SemanticVersion.newestFirst).map(\.version)
        #expect(sorted == ["2.0.0", "2.0.0-rc.1", "1.10.0", "v1.9.0", "1.9.0", "1.0.2", "experiment", "latest"])
    }

    @Test
    func breaksFullTiesByVersionTextSoTheOrderIsTotal() {
        #expect(SemanticVersion.newestFirst(("a", 1), ("b", 1)))
        #expect(!SemanticVersion.newestFirst(("b", 1), ("a", 1)))
        #expect(!SemanticVersion.newestFirst(("a", 1), ("a", 1)))
    }
}
