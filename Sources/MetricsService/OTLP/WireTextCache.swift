/// The last few attribute texts `OTLPWireReader` made, so a value repeated across an export's spans (models, tools,
/// agent names) is compared as bytes and shared rather than validated and allocated again: in
/// `scripts/bench-otlp.sh` 11 of the 12 texts read per agent run are repeats, all but the conversation id
/// (BENCHMARKS.md, "OTLP ingest, third pass" and "fourth pass").
///
/// A fixed number of entries, replaced by the clock rule: an entry read again since the hand last passed it gets a
/// second chance, so values that keep repeating stay while one-off values (a conversation id per run) take turns
/// in the other entries. A body of all-different values costs at most `capacity` length comparisons per value
/// more than no cache, never a growing table.
struct WireTextCache {
    static let capacity = 16
    private var entries: [String] = []
    /// Bit `i` is set when entry `i` was read again since the hand last passed it.
    private var reused: UInt32 = 0
    private var hand = 0

    init() {
        entries.reserveCapacity(Self.capacity)
    }

    /// The text of `bytes`, from the cache when an entry has the same bytes; nil when they are not UTF-8.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for (index, entry) in entries.enumerated() where entry.utf8.count == bytes.count {
            let same = entry.utf8.withContiguousStorageIfAvailable { $0.hasSameBytes(as: bytes) } ?? false
            if same {
                reused |= 1 << index
                return entry
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        guard entries.count == Self.capacity else {
            entries.append(text)
            return text
        }
        // At most one turn: each step clears the bit it passes, so the hand stops by the time it is back.
        while reused & (1 << hand) != 0 {
            reused &= ~(1 << hand)
            hand = (hand + 1) % Self.capacity
        }
        entries[hand] = text
        hand = (hand + 1) % Self.capacity
        return text
    }
}
