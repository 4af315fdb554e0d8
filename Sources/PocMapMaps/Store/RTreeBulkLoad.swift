import PocMapStore

/// Builds a GeoPackage R-tree (`rtree_<table>_<column>`, SQLite's rtree module) in one pass instead of one insert
/// per feature: entries are sorted along a Hilbert curve of their box centres and packed into full nodes, level by
/// level, and the shadow tables (`_node`, `_rowid`, `_parent`) are written directly in SQLite's node format.
///
/// SQLite inserts one entry at a time in about 8 µs (R*-tree choose-subtree and splits), which dominated writing a
/// million hexes; a packed tree takes a fraction of that and answers window queries at least as well. GDAL 3.6
/// has no bulk path of its own (its `CreateSpatialIndex` inserts row by row too).
///
/// Node format (sqlite/ext/rtree/rtree.c): a blob of the table's node size; bytes 0–1 the tree depth (root only),
/// bytes 2–3 the cell count, then per cell an 8-byte rowid (leaf) or child node number (internal) followed by
/// min x, max x, min y, max y as 4-byte floats, all big-endian; floats are rounded outward so boxes only grow.
struct RTreeBulkLoad {
    /// One indexed box.
    struct Entry {
        var id: Int64
        var minX: Double
        var maxX: Double
        var minY: Double
        var maxY: Double
    }

    let table: String

    /// Replaces the content of the (empty) R-tree `table` with a packed tree over `entries`, which it empties as
    /// soon as they are in leaf order (millions of boxes: one copy at a time).
    func load(_ entries: inout [Entry], into dataset: some StoreSQL) throws(StoreError) {
        guard !entries.isEmpty else { return }
        let size = try dataset.integer("SELECT length(data) FROM \"\(table)_node\" WHERE nodeno = 1")
        guard let nodeSize = size.map(Int.init), nodeSize >= 4 + 2 * 24 else {
            throw .sqlite("cannot read the node size of \(table)")
        }
        let capacity = (nodeSize - 4) / 24

        // Leaves in Hilbert order of the box centres.
        var minX = Double.infinity
        var maxX = -Double.infinity
        var minY = Double.infinity
        var maxY = -Double.infinity
        for entry in entries {
            minX = min(minX, entry.minX)
            maxX = max(maxX, entry.maxX)
            minY = min(minY, entry.minY)
            maxY = max(maxY, entry.maxY)
        }
        let spanX = max(maxX - minX, 1e-12)
        let spanY = max(maxY - minY, 1e-12)
        // Sort (key, position) pairs rather than the boxes themselves: 16 bytes a row instead of 56.
        var order = [(UInt64, Int32)]()
        order.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            let x = UInt32(min(max(((entry.minX + entry.maxX) / 2 - minX) / spanX, 0), 1) * 65535)
            let y = UInt32(min(max(((entry.minY + entry.maxY) / 2 - minY) / spanY, 0), 1) * 65535)
            order.append((hilbertIndex(x, y), Int32(truncatingIfNeeded: position)))
        }
        order.sort { a, b in a.0 != b.0 ? a.0 < b.0 : entries[Int(a.1)].id < entries[Int(b.1)].id }
        var level = [Entry]()
        level.reserveCapacity(entries.count)
        for (_, position) in order { level.append(entries[Int(position)]) }
        // Leaf slot of each entry, by its position in `entries` (ascending ids when the caller added the boxes in
        // feature order, so that `_rowid` is written in key order: appends, not random B-tree inserts).
        var slotOfPosition = [Int32](repeating: 0, count: entries.count)
        for (slot, pair) in order.enumerated() { slotOfPosition[Int(pair.1)] = Int32(truncatingIfNeeded: slot) }
        let idOfPosition = entries.map(\.id)
        order = []
        entries = []

        // Levels bottom-up: each node is `capacity` consecutive entries of the level below.
        var levels: [[Entry]] = []  // levels[l][i] = entry of node i of level l as seen from its parent
        var contents: [[Entry]] = [level]  // contents[l] = the entries stored in the nodes of level l
        while true {
            let nodes = stride(from: 0, to: level.count, by: capacity).map { start -> Entry in
                let members = level[start..<min(start + capacity, level.count)]
                return Entry(
                    id: Int64(start / capacity),
                    minX: members.map(\.minX).min() ?? 0,
                    maxX: members.map(\.maxX).max() ?? 0,
                    minY: members.map(\.minY).min() ?? 0,
                    maxY: members.map(\.maxY).max() ?? 0
                )
            }
            levels.append(nodes)
            if nodes.count == 1 { break }
            contents.append(nodes)
            level = nodes
        }
        let top = levels.count - 1  // the root's level = the tree depth
        // Node numbers: the root is 1, then each level below it in turn, leaves last.
        var first = [Int64](repeating: 0, count: levels.count)
        first[top] = 1
        var next: Int64 = 2
        for index in stride(from: top - 1, through: 0, by: -1) {
            first[index] = next
            next += Int64(levels[index].count)
        }

        try dataset.execute("DELETE FROM \"\(table)_node\"")
        try dataset.execute("DELETE FROM \"\(table)_rowid\"")
        try dataset.execute("DELETE FROM \"\(table)_parent\"")

        // Nodes, in node-number order.
        let nodes = try dataset.inserter(table: "\(table)_node", columns: ("nodeno", "data"))
        var blob = [UInt8](repeating: 0, count: nodeSize)
        for levelIndex in stride(from: top, through: 0, by: -1) {
            let stored = contents[levelIndex]
            for node in 0..<levels[levelIndex].count {
                let members = stored[(node * capacity)..<min((node + 1) * capacity, stored.count)]
                for index in blob.indices { blob[index] = 0 }
                if levelIndex == top { put16(&blob, 0, top) }
                put16(&blob, 2, members.count)
                for (slot, member) in members.enumerated() {
                    let offset = 4 + slot * 24
                    let id = levelIndex == 0 ? member.id : first[levelIndex - 1] + member.id
                    put64(&blob, offset, UInt64(bitPattern: id))
                    put32(&blob, offset + 8, roundDown(member.minX).bitPattern)
                    put32(&blob, offset + 12, roundUp(member.maxX).bitPattern)
                    put32(&blob, offset + 16, roundDown(member.minY).bitPattern)
                    put32(&blob, offset + 20, roundUp(member.maxY).bitPattern)
                }
                try nodes.insert(first[levelIndex] + Int64(node), blob: blob)
            }
        }
        try nodes.finish()

        // Leaf entry → leaf node: the entry in leaf slot k is in leaf node k / capacity.
        let rowids = try dataset.inserter(table: "\(table)_rowid", columns: ("rowid", "nodeno"))
        for position in idOfPosition.indices {
            try rowids.insert(idOfPosition[position], first[0] + Int64(slotOfPosition[position]) / Int64(capacity))
        }
        try rowids.finish()
        // Node → parent node, for every node below the root.
        let parents = try dataset.inserter(table: "\(table)_parent", columns: ("nodeno", "parentnode"))
        for levelIndex in stride(from: top - 1, through: 0, by: -1) {
            for node in 0..<levels[levelIndex].count {
                try parents.insert(first[levelIndex] + Int64(node), first[levelIndex + 1] + Int64(node / capacity))
            }
        }
        try parents.finish()
    }
}

/// Position along a Hilbert curve over a 65536 × 65536 grid.
func hilbertIndex(_ xIn: UInt32, _ yIn: UInt32) -> UInt64 {
    var x = xIn
    var y = yIn
    var index: UInt64 = 0
    var size: UInt32 = 1 << 15
    while size > 0 {
        let rx: UInt32 = (x & size) > 0 ? 1 : 0
        let ry: UInt32 = (y & size) > 0 ? 1 : 0
        index += UInt64(size) * UInt64(size) * UInt64((3 * rx) ^ ry)
        if ry == 0 {
            if rx == 1 {
                x = 65535 - x
                y = 65535 - y
            }
            swap(&x, &y)
        }
        size >>= 1
    }
    return index
}

private func roundDown(_ value: Double) -> Float {
    var result = Float(value)
    if Double(result) > value { result = result.nextDown }
    return result
}

private func roundUp(_ value: Double) -> Float {
    var result = Float(value)
    if Double(result) < value { result = result.nextUp }
    return result
}

private func put16(_ blob: inout [UInt8], _ offset: Int, _ value: Int) {
    blob[offset] = UInt8((value >> 8) & 0xFF)
    blob[offset + 1] = UInt8(value & 0xFF)
}

private func put32(_ blob: inout [UInt8], _ offset: Int, _ value: UInt32) {
    for byte in 0..<4 { blob[offset + byte] = UInt8((value >> (24 - 8 * UInt32(byte))) & 0xFF) }
}

private func put64(_ blob: inout [UInt8], _ offset: Int, _ value: UInt64) {
    for byte in 0..<8 { blob[offset + byte] = UInt8((value >> (56 - 8 * UInt64(byte))) & 0xFF) }
}
