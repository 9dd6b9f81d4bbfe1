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
    /// Texts longer than this are made afresh each time (long values rarely repeat).
    static let longestCached = 64
    private var entries: [String] = []
    /// Entry `i`'s bytes are `bytes[i * longestCached ..< i * longestCached + counts[i]]`: the scan compares
    /// lengths and bytes in two flat buffers, and touches no `String` (each retained and released) until one
    /// matches.
    private var counts: [Int] = []
    private var bytes = [UInt8](repeating: 0, count: capacity * longestCached)
    /// Bit `i` is set when entry `i` was read again since the hand last passed it.
    private var reused: UInt32 = 0
    private var hand = 0

    init() {
        entries.reserveCapacity(Self.capacity)
        counts.reserveCapacity(Self.capacity)
    }

    /// The text of `bytes`, from the cache when an entry has the same bytes; nil when they are not UTF-8.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let match = counts.withUnsafeBufferPointer { counts in
            self.bytes.withUnsafeBufferPointer { stored in
                counts.indices.first { index in
                    counts[index] == bytes.count
                        && UnsafeBufferPointer(
                            rebasing: stored[index * Self.longestCached..<index * Self.longestCached + bytes.count]
                        )
                        .hasSameBytes(as: bytes)
                }
            }
        }
        if let match {
            reused |= 1 << match
            return entries[match]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        guard bytes.count <= Self.longestCached else { return text }
        guard entries.count == Self.capacity else {
            store(text, bytes, at: entries.count)
            return text
        }
        // At most one turn: each step clears the bit it passes, so the hand stops by the time it is back.
        while reused & (1 << hand) != 0 {
            reused &= ~(1 << hand)
            hand = (hand + 1) % Self.capacity
        }
        store(text, bytes, at: hand)
        hand = (hand + 1) % Self.capacity
        return text
    }

    /// Puts `text` (of `source`'s bytes) in entry `index`, a new one when `index` is the count.
    private mutating func store(_ text: String, _ source: UnsafeBufferPointer<UInt8>, at index: Int) {
        if index == entries.count {
            entries.append(text)
            counts.append(source.count)
        } else {
            entries[index] = text
            counts[index] = source.count
        }
        bytes.withUnsafeMutableBufferPointer { stored in
            let start = index * Self.longestCached
            _ = UnsafeMutableBufferPointer(rebasing: stored[start..<start + source.count]).initialize(from: source)
        }
    }
}
