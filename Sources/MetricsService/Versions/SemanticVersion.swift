/// A Semantic Versioning 2.0.0 version, compared by semver precedence.
///
/// Parsing is strict semver (`1.0.2`, `1.0.0-rc.1+build.5`: no leading zeros in numbers, no
/// empty identifiers) with one allowance: a single leading `v` or `V` (`v1.2.3`), because
/// agents often report git tags. `v1.2.3` and `1.2.3` therefore have equal precedence; build
/// metadata never affects precedence either.
public struct SemanticVersion: Sendable, Hashable, Comparable {
    /// A pre-release identifier: numeric identifiers compare numerically and sort below
    /// alphanumeric ones.
    public enum Identifier: Sendable, Hashable, Comparable {
        case numeric(UInt64)
        case alphanumeric(String)

        public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
            switch (lhs, rhs) {
            case (.numeric(let a), .numeric(let b)): return a < b
            case (.numeric, .alphanumeric): return true
            case (.alphanumeric, .numeric): return false
            // Semver compares alphanumeric identifiers in ASCII order, i.e. bytewise.
            case (.alphanumeric(let a), .alphanumeric(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
            }
        }
    }

    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    /// Empty for a release version.
    public var preRelease: [Identifier]
    /// Build metadata identifiers; ignored by comparison.
    public var build: [String]

    /// Parses `text`, or returns nil when it is not a semantic version.
    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
        var buildPart: Substring?
        if let plus = rest.firstIndex(of: "+") {
            buildPart = rest[rest.index(after: plus)...]
            rest = rest[..<plus]
        }
        var preReleasePart: Substring?
        if let dash = rest.firstIndex(of: "-") {
            preReleasePart = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3, let major = Self.numeric(core[0]), let minor = Self.numeric(core[1]),
            let patch = Self.numeric(core[2])
        else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch

        preRelease = []
        if let preReleasePart {
            for part in preReleasePart.split(separator: ".", omittingEmptySubsequences: false) {
                guard Self.isIdentifier(part) else { return nil }
                if let number = Self.numeric(part) {
                    preRelease.append(.numeric(number))
                } else if part.utf8.allSatisfy(Self.isDigit) {
                    return nil  // all digits but a leading zero (or too large): not allowed
                } else {
                    preRelease.append(.alphanumeric(String(part)))
                }
            }
        }
        build = []
        if let buildPart {
            for part in buildPart.split(separator: ".", omittingEmptySubsequences: false) {
                guard Self.isIdentifier(part) else { return nil }
                build.append(String(part))
            }
        }
    }

    /// Semver precedence (build metadata ignored).
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.preRelease.isEmpty, rhs.preRelease.isEmpty) {
        case (true, true): return false
        case (true, false): return false  // a release outranks its pre-releases
        case (false, true): return true
        case (false, false): return lhs.preRelease.lexicographicallyPrecedes(rhs.preRelease)
        }
    }

    /// Equal precedence; `1.0.0+a` equals `1.0.0+b` and `v1.0.0` equals `1.0.0`.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch && lhs.preRelease == rhs.preRelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(preRelease)
    }

    /// The order of `GET .../versions`: newest first.
    ///
    /// Versions that parse as semver come first, highest precedence first; the others follow,
    /// newest creation time first (their names carry no order we could trust). Ties (equal
    /// precedence such as `v1.0.0`/`1.0.0`, or equal times) fall back to newer creation time,
    /// then to the version string, so the order is total and stable across requests.
    public static func newestFirst(
        _ a: (version: String, createdMs: Int64),
        _ b: (version: String, createdMs: Int64)
    ) -> Bool {
        switch (SemanticVersion(a.version), SemanticVersion(b.version)) {
        case (let x?, let y?) where x != y: return x > y
        case (.some, nil): return true
        case (nil, .some): return false
        default:
            if a.createdMs != b.createdMs { return a.createdMs > b.createdMs }
            return a.version.utf8.lexicographicallyPrecedes(b.version.utf8)
        }
    }

    // MARK: - Lexical rules

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// `[0-9A-Za-z-]+`
    private static func isIdentifier(_ part: Substring) -> Bool {
        !part.isEmpty
            && part.utf8.allSatisfy { byte in
                isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                    || byte == UInt8(ascii: "-")
            }
    }

    /// A numeric identifier: `0` or digits without a leading zero, fitting in 64 bits.
    private static func numeric(_ part: Substring) -> UInt64? {
        guard !part.isEmpty, part.utf8.allSatisfy(isDigit) else { return nil }
        if part.utf8.count > 1 && part.utf8.first == UInt8(ascii: "0") { return nil }
        return UInt64(part)
    }
}
