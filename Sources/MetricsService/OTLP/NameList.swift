/// The models or the tools of a `SpanContribution`: distinct names, first seen first, at most
/// `FieldBounds.maximumListCount` of them. The first two are held inline: a run's lists are short (the bench's
/// runs use two models and one tool), and an array each was three allocations per agent run, freed again when
/// the export was done (BENCHMARKS.md, "OTLP ingest, eighth pass").
struct NameList: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    private var first: String?
    private var second: String?
    /// The names after the first two.
    private var rest: [String] = []

    init() {}

    /// The distinct names of `names` in order, up to the bound (as `append` keeps them); the rest of `names` is
    /// not read once the list is full.
    init(_ names: some Sequence<String>) {
        for name in names {
            guard !isFull else { return }
            append(name)
        }
    }

    init(arrayLiteral names: String...) {
        self.init(names)
    }

    var startIndex: Int { 0 }

    var endIndex: Int {
        guard first != nil else { return 0 }
        return second == nil ? 1 : 2 + rest.count
    }

    subscript(position: Int) -> String {
        switch position {
        case 0: return first!
        case 1: return second!
        default: return rest[position - 2]
        }
    }

    /// Whether the list holds `name`: the inline names are compared first, with no iterator.
    func contains(_ name: String) -> Bool {
        first == name || second == name || rest.contains(name)
    }

    /// Appends `name` unless the list has it or is full. A run keeps its first `FieldBounds.maximumListCount`
    /// models and tools, so a name past that would never be stored; not looking for it keeps an export of many
    /// distinct names linear (a span costs at most one scan of a full list) rather than quadratic in its spans.
    /// Lists are short in practice: a linear scan beats hashing.
    mutating func append(_ name: String) {
        guard let first else {
            self.first = name
            return
        }
        guard let second else {
            if first != name { self.second = name }
            return
        }
        guard first != name, second != name, !isFull, !rest.contains(name) else { return }
        rest.append(name)
    }

    /// Appends each name of `other` (as `append` does), until the list is full.
    mutating func append(contentsOf other: NameList) {
        for name in other {
            guard !isFull else { return }
            append(name)
        }
    }

    /// Whether the list holds `FieldBounds.maximumListCount` names, so `append` adds no more.
    var isFull: Bool { count >= FieldBounds.maximumListCount }
}
