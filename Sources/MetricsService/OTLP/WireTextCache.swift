/// The last few attribute texts `OTLPWireReader` made, so a value repeated across an export's spans (operation
/// names, models, tools, agent names) is compared as bytes and shared rather than validated and allocated again:
/// in `scripts/bench-otlp.sh` 17 of the 18 texts read per agent run are repeats, all but the conversation id
/// (BENCHMARKS.md, "OTLP ingest, third pass").
///
/// A fixed number of entries, replaced in turn: a body of all-different values costs at most `capacity` length
/// comparisons per value more than no cache, never a growing table.
struct WireTextCache {
    static let capacity = 16
    private var entries: [String] = []
    private var next = 0

    init() {
        entries.reserveCapacity(Self.capacity)
    }

    /// The text of `bytes`, from the cache when an entry has the same bytes; nil when they are not UTF-8.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for entry in entries where entry.utf8.count == bytes.count {
            let same = entry.utf8.withContiguousStorageIfAvailable { $0.hasSameBytes(as: bytes) } ?? false
            if same { return entry }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        if entries.count < Self.capacity {
            entries.append(text)
        } else {
            entries[next] = text
            next = (next + 1) % Self.capacity
        }
        return text
    }
}
