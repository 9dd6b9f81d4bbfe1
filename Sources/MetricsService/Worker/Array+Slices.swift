extension Array {
    /// The array cut into consecutive slices of `size` elements (the last may be shorter); none when empty.
    func slices(of size: Int) -> [ArraySlice<Element>] {
        precondition(size > 0, "slice size must be positive")
        return stride(from: startIndex, to: endIndex, by: size).map { self[$0..<Swift.min($0 + size, endIndex)] }
    }
}
