extension EventJSONWriter {
    /// A `dimse` event's `elements`: one object per entry, optionals absent when `nil`.
    static func elements(_ elements: [MessageElement], _ out: inout [UInt8]) {
        key("elements", &out)
        array(elements, &out) { element, out in
            out.append(UInt8(ascii: "{"))
            firstString("part", element.part.rawValue, &out)
            string("kind", element.kind.rawValue, &out)
            int("depth", element.depth, &out)
            string("tag", element.tag, &out)
            if let v = element.keyword { string("keyword", v, &out) }
            if let v = element.vr { string("vr", v, &out) }
            if let v = element.length { int("length", v, &out) }
            if let v = element.value { string("value", v, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }
}
