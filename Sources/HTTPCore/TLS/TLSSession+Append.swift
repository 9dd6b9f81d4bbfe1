extension TLSSession {
    /// Decrypts everything available, appending it to `plaintext`: `readPlaintext(into:)` driven to its end
    /// through a 1,000-byte buffer. For tests and the TLS fuzz target, which want the bytes as an array and
    /// cross the buffer-full path that way; connections decrypt into their loop's read buffer instead.
    public func readPlaintext(into plaintext: inout [UInt8]) -> TLSReadResult {
        withUnsafeTemporaryAllocation(byteCount: 1000, alignment: 1) { buffer in
            while true {
                let (count, end) = readPlaintext(into: buffer)
                plaintext.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                if let end { return end }
            }
        }
    }
}
