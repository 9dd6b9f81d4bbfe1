import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// Flag defaults that an environment variable can override, so containers configure the server
/// without a wrapper script. Precedence: command line, then the first variable set, then the
/// built-in default.
enum EnvironmentDefault {
    /// The value of the first of `names` that is set and parses as `T`, else `fallback`.
    ///
    /// A set but unparsable variable is reported on stderr and ignored rather than silently
    /// dropped, since a property initializer cannot fail.
    static func value<T: ExpressibleByArgument>(_ names: String..., default fallback: T) -> T {
        for name in names {
            guard let text = string(name) else { continue }
            if let value = T(argument: text) { return value }
            let message = Array("agent-metrics: ignoring \(name)=\(text): not a valid value\n".utf8)
            _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
        return fallback
    }

    /// Whether a boolean flag's variable is set to `1`, `true` or `yes` (any case).
    static func bool(_ name: String) -> Bool {
        guard let text = string(name)?.lowercased() else { return false }
        return text == "1" || text == "true" || text == "yes"
    }

    /// The variable's value, nil when unset or empty.
    static func string(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let text = String(cString: raw)
        return text.isEmpty ? nil : text
    }
}
