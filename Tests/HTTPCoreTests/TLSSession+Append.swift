import HTTPCore

extension TLSSession {
    /// Decrypts everything available, appending it to `plaintext`: `readPlaintext(into:)` driven to its end
    /// through a small buffer, so tests also cross its buffer-full path.
    func readPlaintext(into plaintext: inout [UInt8]) -> TLSReadResult {
        withUnsafeTemporaryAllocation(byteCount: 1000, alignment: 1) { buffer in
            while true {
                let (count, end) = readPlaintext(into: buffer)
                plaintext.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                if let end { return end }
            }
        }
    }
}
