import Testing

@testable import MetricsService

/// The keys file format: what is read, what is skipped, and which line a mistake is reported on.
@Suite struct APIKeysFileTests {
    static let hashA = String(repeating: "ab", count: 32)
    static let hashB = String(repeating: "0F", count: 32)

    @Test func readsScopesHashesAndNamesSkippingBlankAndCommentLines() throws {
        let text = """
            # agent-metrics keys
            ingest \(Self.hashA) ci-runner

              # indented comment
            read\t\(Self.hashB)\tdashboard\r
            admin   \(String(repeating: "12", count: 32))   ops@example

            """
        let records = try APIKeysFile.parse(text)
        #expect(records.map(\.scope) == [.ingest, .read, .admin])
        #expect(records.map(\.name) == ["ci-runner", "dashboard", "ops@example"])
        #expect(records[0].hash == APIKeyHash(hex: Self.hashA))
        // Upper-case hex parses to the same bytes as lower case.
        #expect(records[1].hash.hex == String(repeating: "0f", count: 32))
    }

    @Test func anEmptyOrCommentOnlyFileHasNoKeys() throws {
        #expect(try APIKeysFile.parse("").isEmpty)
        #expect(try APIKeysFile.parse("# nothing yet\n\n").isEmpty)
    }

    @Test(arguments: [
        ("read \(hashA)", 2, "3 fields"),
        ("read \(hashA) name extra", 2, "3 fields"),
        ("reed \(hashA) name", 2, "unknown scope"),
        ("Read \(hashA) name", 2, "unknown scope"),
        ("read \(String(hashA.dropLast())) name", 2, "64 hexadecimal"),
        ("read \(String(hashA.dropLast()))g name", 2, "64 hexadecimal"),
        ("read \(hashA)00 name", 2, "64 hexadecimal"),
        ("read \(hashA) \(String(repeating: "n", count: 65))", 2, "longer than 64"),
        ("read \(hashA) na\u{E9}me", 2, "visible ASCII"),
        ("admin \(hashB) b\nread \(hashB) again", 3, "already on line 2"),
    ])
    func reportsTheFirstMalformedLineByNumber(line: String, number: Int, message: String) {
        let text = "# keys\n" + line + "\nread \(Self.hashA) after\n"
        do {
            let records = try APIKeysFile.parse(text)
            Issue.record("parsed \(records.count) records from a malformed file")
        } catch {
            #expect(error.line == number)
            #expect(error.description.hasPrefix("line \(number): "))
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func anUnreadableFileIsAnErrorWithoutALineNumber() {
        #expect(throws: APIKeysFileError.self) { try APIKeysFile.load(path: "/nonexistent/keys.txt") }
        do {
            _ = try APIKeysFile.load(path: "/nonexistent/keys.txt")
        } catch {
            #expect(error.line == nil)
            #expect(error.message.contains("No such file"))
        }
    }

    @Test func warnsOnlyWhenGroupOrOthersCanReadOrWrite() {
        #expect(APIKeysFile.permissionWarning(mode: 0o600) == nil)
        #expect(APIKeysFile.permissionWarning(mode: 0o400) == nil)
        #expect(APIKeysFile.permissionWarning(mode: 0o700) == nil)
        #expect(APIKeysFile.permissionWarning(mode: 0o640)?.contains("readable by group or others") == true)
        #expect(APIKeysFile.permissionWarning(mode: 0o604)?.contains("(mode 604)") == true)
        #expect(APIKeysFile.permissionWarning(mode: 0o620)?.contains("writable") == true)
    }

    @Test func aRecordsLineParsesBackToTheSameRecord() throws {
        let record = APIKeyRecord(scope: .ingest, hash: APIKeyHash(key: "am_example"), name: "ci")
        #expect(try APIKeysFile.parse(record.line) == [record])
    }
}
