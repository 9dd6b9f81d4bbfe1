import ArgumentParser
import Glibc
import MetricsService

/// `agent-metrics keys`: make API keys and hash them for the keys file.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create API keys and their keys-file lines.",
        subcommands: [New.self, Hash.self]
    )

    /// `keys new`: prints the key, then the line to append to the keys file; nothing else goes to stdout.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new key (line 1) and its keys-file line (line 2).",
            discussion: "Example: agent-metrics keys new --scope ingest --name ci | tail -n 1 >> keys.txt")

        @Option(help: "ingest, read or admin.")
        var scope: APIScope

        @Option(help: "Logged instead of the key: visible ASCII, no spaces, at most 64 characters.")
        var name: String

        func validate() throws {
            if let problem = APIKeyRecord.problem(withName: name) { throw ValidationError("--name: \(problem).") }
        }

        func run() throws {
            let key = try APIKeyGenerator.newKey()
            let record = APIKeyRecord(scope: scope, hash: APIKeyHash(key: key), name: name)
            print(key)
            print(record.line)
        }
    }

    /// `keys hash`: reads a key on stdin and prints its hash.
    struct Hash: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a key on stdin and print its SHA-256, as the keys file holds it.")

        func run() throws {
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("no key on stdin")
            }
            let key = line.trimmingCharacters(in: " \t\r")
            // The same rule the server applies to a presented key, so a hash printed here can match.
            guard APICredential.isWellFormed(Substring(key)) else {
                throw ValidationError("the key must be 1 to 256 base64url characters (A-Z a-z 0-9 - _)")
            }
            print(APIKeyHash(key: key).hex)
        }
    }
}

extension APIScope: ExpressibleByArgument {}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
