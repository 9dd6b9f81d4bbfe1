import ArgumentParser
import Logging
import MetricsService

/// The API key flags of `agent-metrics server` (embed with `@OptionGroup var auth: AuthOptions`).
struct AuthOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "API keys file: one `SCOPE SHA256_HEX NAME` per line (env AGENT_METRICS_API_KEYS_FILE); "
                + "reloaded on SIGHUP.",
            valueName: "path"))
    var apiKeysFile: String?

    @Flag(
        help: """
            With TLS and no --api-keys-file, serve every route without a key anyway \
            (env AGENT_METRICS_ALLOW_ANONYMOUS=true).
            """
    )
    var allowAnonymous = EnvironmentDefault.value("AGENT_METRICS_ALLOW_ANONYMOUS", default: false)

    /// The keys file from the flag, else the environment.
    var keysFilePath: String? {
        apiKeysFile ?? EnvironmentDefault.string("AGENT_METRICS_API_KEYS_FILE")
    }

    /// A server reachable over TLS is meant for the network, so running it open takes an explicit flag.
    func validate(tlsEnabled: Bool) throws {
        if tlsEnabled && keysFilePath == nil && !allowAnonymous {
            throw ValidationError(
                "TLS is enabled but no --api-keys-file is given, so anyone who can reach the port could read and "
                    + "write. Pass --api-keys-file PATH, or --allow-anonymous to serve without keys.")
        }
    }

    /// A keys file that cannot be used at start-up; the server does not start.
    struct StartupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The key store from the keys file, or nil (with a warning) when there is none; throws on a malformed file.
    func loadKeys(logger: Logger) throws -> APIKeyStore? {
        guard let path = keysFilePath else {
            logger.warning(
                "no API keys file: every route is open to anyone who can reach the port (pass --api-keys-file)")
            return nil
        }
        let records: [APIKeyRecord]
        do {
            records = try APIKeysFile.load(path: path)
        } catch {
            throw StartupError(description: "API keys file \(path): \(error)")
        }
        if let mode = APIKeysFile.mode(path: path), let warning = APIKeysFile.permissionWarning(mode: mode) {
            logger.warning("\(warning)", metadata: ["keys.file": "\(path)"])
        }
        log(records, path: path, logger: logger, message: "API keys loaded")
        return APIKeyStore(APIKeySet(records))
    }

    /// Re-reads the keys file into `store`; a bad file keeps the keys in force and logs why.
    func reload(_ store: APIKeyStore?, logger: Logger) {
        guard let store, let path = keysFilePath else { return }
        do {
            let records = try APIKeysFile.load(path: path)
            store.replace(with: APIKeySet(records))
            log(records, path: path, logger: logger, message: "API keys reloaded")
        } catch {
            logger.error(
                "API keys reload failed; keeping the old keys",
                metadata: ["keys.file": "\(path)", "error": "\(error)"])
        }
    }

    /// Names only: a key or its hash never reaches the log.
    private func log(_ records: [APIKeyRecord], path: String, logger: Logger, message: Logger.Message) {
        logger.info(
            message,
            metadata: [
                "keys.file": "\(path)", "keys.count": "\(records.count)",
                "keys.names": "\(records.map { "\($0.name)(\($0.scope.rawValue))" }.joined(separator: ","))",
            ])
        if records.isEmpty {
            logger.warning("the API keys file has no keys: every API request will be refused")
        }
    }
}
