/// Parsing for the flags that harden the server for direct exposure (`--allowed-hosts`, `--cors-origin`,
/// `--hsts`), kept as pure functions so they are checked the same way in `validate` and in `run`.
enum HardeningOptions {
    /// The values of a repeatable, comma-separated flag; when the flag is not given, those of the
    /// environment variable `environment` (comma-separated). Blank items are dropped.
    static func list(_ values: [String], environment: String) -> [String] {
        let source = values.isEmpty ? EnvironmentDefault.string(environment).map { [$0] } ?? [] : values
        return source.flatMap { $0.split(separator: ",") }
            .map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            .filter { !$0.isEmpty }
    }

    /// The `Strict-Transport-Security` value for `--hsts`: `.some(nil)` for `off`, the value for one that
    /// starts with `max-age=<digits>` and holds only printable ASCII, `nil` when invalid.
    static func strictTransportSecurity(_ text: String) -> String?? {
        if text.lowercased() == "off" { return .some(nil) }
        let lowered = text.lowercased()
        guard lowered.hasPrefix("max-age="),
            let first = lowered.dropFirst("max-age=".count).first, first.isASCII, first.isNumber,
            text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        else { return nil }
        return .some(text)
    }
}
