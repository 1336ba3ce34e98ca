extension SpecificCharacterSet {
    /// The character set of each entry of `elements` (a reader's listing, in stream order): the top-level
    /// Specific Character Set (0008,0005), replaced inside a sequence item that has its own for that item and the
    /// items nested in it (PS3.3 C.12.1.1.2; PS3.5 §7.5: an item is a data set of its own). A sibling item starts
    /// again from its enclosing data set's.
    public static func scopes(of elements: [DataElement]) -> [SpecificCharacterSet] {
        // The top level's applies to every top-level element, those before it in the stream included.
        var byDepth: [SpecificCharacterSet] = [
            elements.first { $0.depth == 0 && $0.kind == .element && $0.tag == .specificCharacterSet }?.value
                .map(SpecificCharacterSet.init(value:)) ?? .default,
        ]
        var out: [SpecificCharacterSet] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            let depth = max(0, element.depth)
            if element.kind == .item, depth > 0 {
                // An item of a sequence at depth - 1 starts a data set at `depth`, inheriting its parent's set.
                let parent = byDepth[min(depth - 1, byDepth.count - 1)]
                byDepth.removeSubrange(min(depth, byDepth.count)...)
                while byDepth.count <= depth { byDepth.append(parent) }
            } else if element.kind == .element, depth > 0, element.tag == .specificCharacterSet,
                      let value = element.value, depth < byDepth.count {
                byDepth[depth] = SpecificCharacterSet(value: value)
            }
            out.append(byDepth[min(depth, byDepth.count - 1)])
        }
        return out
    }
}
