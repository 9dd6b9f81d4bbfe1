#if canImport(Glibc)
    import Glibc
#endif

/// The keys file: one key per line as `SCOPE SHA256_HEX NAME`, fields separated by spaces or tabs.
/// Blank lines and lines whose first non-blank character is `#` are skipped; a trailing CR is ignored.
///
/// Parsing is all-or-nothing: the first malformed line fails the whole file with its line number, so a
/// typo never silently drops a key (at start-up the server stops; on reload it keeps the old keys).
public enum APIKeysFile {
    /// Largest file read; a keys file is a few hundred lines at most.
    static let maximumBytes = 1 << 20

    /// The records in `text`, in file order.
    public static func parse(_ text: String) throws(APIKeysFileError) -> [APIKeyRecord] {
        var records: [APIKeyRecord] = []
        var firstLineOfHash: [[UInt8]: Int] = [:]
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            guard fields.count == 3 else {
                throw APIKeysFileError(
                    line: number, message: "expected SCOPE SHA256_HEX NAME (3 fields), found \(fields.count)")
            }
            guard let scope = APIScope(rawValue: String(fields[0])) else {
                throw APIKeysFileError(
                    line: number,
                    message: "unknown scope \"\(fields[0].prefix(32))\"; expected ingest, read or admin")
            }
            guard let hash = APIKeyHash(hex: fields[1]) else {
                throw APIKeysFileError(
                    line: number, message: "the hash must be 64 hexadecimal digits (SHA-256 of the key)")
            }
            let name = String(fields[2])
            if let problem = APIKeyRecord.problem(withName: name) {
                throw APIKeysFileError(line: number, message: problem)
            }
            if let earlier = firstLineOfHash[hash.bytes] {
                throw APIKeysFileError(line: number, message: "the same key is already on line \(earlier)")
            }
            firstLineOfHash[hash.bytes] = number
            records.append(APIKeyRecord(scope: scope, hash: hash, name: name))
        }
        return records
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(APIKeysFileError) -> [APIKeyRecord] {
        try parse(try read(path))
    }

    /// The file's permission bits, or nil when it cannot be stat'ed.
    public static func mode(path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt32(info.st_mode) & 0o7777
    }

    /// A warning for a keys file that others than its owner can read or write, or nil when it is private.
    public static func permissionWarning(mode: UInt32) -> String? {
        var problems: [String] = []
        if mode & 0o044 != 0 { problems.append("readable") }
        if mode & 0o022 != 0 { problems.append("writable") }
        guard !problems.isEmpty else { return nil }
        let octal = String(mode & 0o777, radix: 8)
        return "the API keys file is \(problems.joined(separator: " and ")) by group or others (mode \(octal)); "
            + "run chmod 600 on it"
    }

    private static func read(_ path: String) throws(APIKeysFileError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumBytes else {
                throw APIKeysFileError(line: nil, message: "\(path) is larger than \(maximumBytes) bytes")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIKeysFileError(line: nil, message: "\(path) is not UTF-8 text")
        }
        return text
    }

    private static func unreadable(_ path: String, _ code: Int32) -> APIKeysFileError {
        APIKeysFileError(line: nil, message: "cannot read \(path): \(String(cString: strerror(code)))")
    }
}
