/// The per-cell accumulator of predicted coverage: an open-addressing hash table keyed by H3 index, with its
/// values stored as parallel arrays (struct of arrays), so one (hotspot, cell) update costs a multiplicative hash,
/// a short linear probe and a few scalar writes — no `Dictionary` hashing, no per-entry allocation.
///
/// Each slot keeps the best predicted RSSI, the index of the hotspot giving it, the number of hotspots above the
/// sensitivity, and the cell's centre (computed once, the first time the cell is met). Updates are commutative
/// (maximum with the lower hotspot index winning ties, and a sum), so merging tables filled by different workers in
/// any order gives the same result.
struct _PredictionTable: Sendable {
    /// 0 marks an empty slot (0 is not a valid H3 index).
    private(set) var keys: [UInt64]
    private(set) var bestRSSI: [Float]
    private(set) var bestServer: [Int32]
    private(set) var serverCount: [Int32]
    private(set) var centreLat: [Double]
    private(set) var centreLng: [Double]
    private(set) var count = 0
    private var mask: Int

    init(minimumCapacity: Int = 1 << 12) {
        var size = 1 << 10
        while size < minimumCapacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        bestRSSI = [Float](repeating: -.infinity, count: size)
        bestServer = [Int32](repeating: .max, count: size)
        serverCount = [Int32](repeating: 0, count: size)
        centreLat = [Double](repeating: 0, count: size)
        centreLng = [Double](repeating: 0, count: size)
        mask = size - 1
    }

    var capacity: Int { keys.count }

    /// Fibonacci hashing of the index bits (H3 indexes share their high bits, so the product's high half is used).
    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The slot of `key`, or `nil` if absent.
    @inline(__always)
    func find(_ key: UInt64) -> Int? {
        var slot = home(key)
        while true {
            let k = keys[slot]
            if k == key { return slot }
            if k == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// The slot of `key`, inserting an empty entry with the given centre when absent. `centre` is evaluated only
    /// for a new key.
    @inline(__always)
    mutating func slot(for key: UInt64, centre: (UInt64) -> (Double, Double)) -> Int {
        if (count + 1) * 2 > keys.count { grow() }
        var slot = home(key)
        while true {
            let k = keys[slot]
            if k == key { return slot }
            if k == 0 {
                keys[slot] = key
                let (lat, lng) = centre(key)
                centreLat[slot] = lat
                centreLng[slot] = lng
                count += 1
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    /// Records one hotspot's prediction in `slot`.
    @inline(__always)
    mutating func record(slot: Int, rssi: Float, server: Int32, aboveSensitivity: Bool) {
        let best = bestRSSI[slot]
        if rssi > best || (rssi == best && server < bestServer[slot]) {
            bestRSSI[slot] = rssi
            bestServer[slot] = server
        }
        if aboveSensitivity { serverCount[slot] += 1 }
    }

    /// Folds `other` into this table (same semantics as recording each of its entries).
    mutating func merge(_ other: _PredictionTable) {
        for source in 0..<other.keys.count where other.keys[source] != 0 {
            let lat = other.centreLat[source], lng = other.centreLng[source]
            let target = slot(for: other.keys[source]) { _ in (lat, lng) }
            let rssi = other.bestRSSI[source], server = other.bestServer[source]
            if rssi > bestRSSI[target] || (rssi == bestRSSI[target] && server < bestServer[target]) {
                bestRSSI[target] = rssi
                bestServer[target] = server
            }
            serverCount[target] += other.serverCount[source]
        }
    }

    private mutating func grow() {
        var bigger = _PredictionTable(minimumCapacity: keys.count)
        for source in 0..<keys.count where keys[source] != 0 {
            var slot = bigger.home(keys[source])
            while bigger.keys[slot] != 0 { slot = (slot + 1) & bigger.mask }
            bigger.keys[slot] = keys[source]
            bigger.bestRSSI[slot] = bestRSSI[source]
            bigger.bestServer[slot] = bestServer[source]
            bigger.serverCount[slot] = serverCount[source]
            bigger.centreLat[slot] = centreLat[source]
            bigger.centreLng[slot] = centreLng[source]
        }
        bigger.count = count
        self = bigger
    }
}
