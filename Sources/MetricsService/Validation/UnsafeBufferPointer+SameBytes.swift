#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension UnsafeBufferPointer<UInt8> {
    /// Whether `other` holds the same bytes: one `memcmp`, which the profiles of `OTLPWireReader` (attribute keys,
    /// cached texts) and `RunDocumentEncoder` (member names) preferred to the generic `elementsEqual` loop.
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        guard let base = baseAddress, let otherBase = other.baseAddress else { return true }
        return memcmp(base, otherBase, count) == 0
    }
}
