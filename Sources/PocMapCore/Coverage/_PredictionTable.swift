import Glibc

/// One cell of the predicted-coverage accumulator, laid out so that a visit touches one or two cache lines
/// (measured: the first struct-of-arrays layout spent three quarters of its time in cache and TLB misses over six
/// arrays, 100 000 hotspots at res 8).
struct _PredictionSlot {
    /// The H3 index; 0 marks an empty slot (0 is not a valid index).
    var key: UInt64
    /// The cell centre as a unit vector (x, y, z), computed once when the cell is first met.
    var x: Double
    var y: Double
    var z: Double
    /// The best predicted RSSI so far, dBm (`-infinity` until a hotspot within range records one).
    var best: Float
    /// The site index of ``best``; the lowest index wins a tie.
    var server: Int32
    /// Hotspots at or above the sensitivity.
    var count: Int32

    static let empty = _PredictionSlot(key: 0, x: 0, y: 0, z: 0, best: -.infinity, server: .max, count: 0)
}

/// The per-cell accumulator of predicted coverage: an open-addressing hash table (linear probing, Fibonacci hashing,
/// load factor at most 1/2) keyed by H3 index, with value-typed slots — no `Dictionary` hashing, no per-entry
/// allocation.
///
/// Updates are commutative (maximum with the lower site index winning ties, and a sum), so merging tables filled by
/// different workers in any order gives the same result.
struct _PredictionTable: Sendable {
    private(set) var slots: [_PredictionSlot]
    private(set) var count = 0
    private var mask: Int

    init(minimumCapacity: Int = 1 << 12) {
        var size = 1 << 10
        while size < minimumCapacity * 2 { size <<= 1 }
        slots = [_PredictionSlot](repeating: .empty, count: size)
        mask = size - 1
    }

    var capacity: Int { slots.count }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The unit vector of a cell centre.
    @inline(__always)
    static func unitVector(_ point: LatLng) -> (Double, Double, Double) {
        let c = cos(point.lat)
        return (c * cos(point.lng), c * sin(point.lng), sin(point.lat))
    }

    /// The slot of `key`, inserting it with its centre's unit vector when absent.
    @inline(__always)
    mutating func slot(for key: UInt64) -> Int {
        if (count + 1) * 2 > slots.count { grow() }
        var slot = home(key)
        while true {
            let k = slots[slot].key
            if k == key { return slot }
            if k == 0 {
                let centre = (try? H3.cellToLatLng(H3Cell(rawValue: key))) ?? LatLng(lat: .nan, lng: .nan)
                let (x, y, z) = Self.unitVector(centre)
                slots[slot] = _PredictionSlot(key: key, x: x, y: y, z: z, best: -.infinity, server: .max, count: 0)
                count += 1
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    /// Records one hotspot's prediction in `slot`.
    @inline(__always)
    mutating func record(slot: Int, rssi: Float, server: Int32, aboveSensitivity: Bool) {
        let best = slots[slot].best
        if rssi > best || (rssi == best && server < slots[slot].server) {
            slots[slot].best = rssi
            slots[slot].server = server
        }
        if aboveSensitivity { slots[slot].count += 1 }
    }

    /// Folds `other` into this table (same semantics as recording each of its entries).
    mutating func merge(_ other: _PredictionTable) {
        for source in other.slots where source.key != 0 && source.best > -.infinity {
            let target = insertCopy(source)
            let mine = slots[target]
            if source.best > mine.best || (source.best == mine.best && source.server < mine.server) {
                slots[target].best = source.best
                slots[target].server = source.server
            }
            slots[target].count += source.count
        }
    }

    /// The slot of `entry.key`, inserting an empty copy (same centre) when absent.
    private mutating func insertCopy(_ entry: _PredictionSlot) -> Int {
        if (count + 1) * 2 > slots.count { grow() }
        var slot = home(entry.key)
        while true {
            let k = slots[slot].key
            if k == entry.key { return slot }
            if k == 0 {
                slots[slot] = _PredictionSlot(
                    key: entry.key,
                    x: entry.x,
                    y: entry.y,
                    z: entry.z,
                    best: -.infinity,
                    server: .max,
                    count: 0
                )
                count += 1
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        var bigger = _PredictionTable(minimumCapacity: slots.count)
        for entry in slots where entry.key != 0 {
            var slot = bigger.home(entry.key)
            while bigger.slots[slot].key != 0 { slot = (slot + 1) & bigger.mask }
            bigger.slots[slot] = entry
        }
        bigger.count = count
        self = bigger
    }
}
