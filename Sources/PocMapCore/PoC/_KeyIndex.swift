/// An open-addressing hash table from hotspot key to directory index, used instead of `[String: Int]` on the
/// verifier's hot path.
///
/// Layout, chosen for cache misses (the table of a Helium-sized registry is far larger than the CPU caches, so a
/// lookup costs what it touches, not what it computes):
/// - `slots`: per slot, (upper 32 bits of the key's hash) << 32 | (record position / 8 + 1); 0 = empty. A lookup
///   compares the 32-bit tag first, so a miss almost never leaves the slot array.
/// - `arena`: every key's record: the directory index (UInt32), the byte count (UInt32), then the UTF-8 bytes.
///   The arena is 64-byte aligned and a record of up to 64 bytes never straddles a 64-byte cache line (a record
///   that would is moved to the next line), so confirming a hit on a Helium key (51 bytes: a 64-byte record)
///   reads exactly one cache line.
///
/// The previous layout confirmed a hit with `keys[index] == key` on a `[String]`: one miss on the array of
/// string descriptors and one more on the string's heap storage. The record layout halves the misses of a hit
/// (`HotspotDirectory.id(forKey:)` with its `memcmp` was ≈ 18 % of a verify run's CPU before).
///
/// The hash is deterministic (unseeded); keys come from the user's own registry, so hash flooding is not a
/// concern for a batch tool. Not API.
struct _KeyIndex: Sendable {
    private var slots: [UInt64]
    private let arena: _KeyArena
    private var mask: Int

    /// Indexes `keys`; when a key repeats, the first occurrence keeps it. `duplicates` lists the repeats.
    init(keys: [String], duplicates: inout [String]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        // An upper bound on the arena: every record plus the padding that keeps it inside one cache line.
        let bound = keys.reduce(0) { total, key in
            let size = _KeyIndex.recordSize(byteCount: key.utf8.count)
            return total + size + (size <= 64 ? 56 : 0)
        }
        arena = _KeyArena(byteCount: bound)
        var used = 0
        for (index, key) in keys.enumerated() {
            var contiguous = key  // withUTF8 makes the storage contiguous (a no-op for native strings)
            contiguous.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                let hash = _KeyIndex.hash(bytes: raw)
                let found = self.find(raw, hash: hash)
                if found.index != nil {
                    duplicates.append(key)
                    return
                }
                let size = _KeyIndex.recordSize(byteCount: raw.count)
                if size <= 64 && (used & 63) + size > 64 { used = (used + 63) & ~63 }
                arena.write(index: index, bytes: raw, at: used)
                slots[found.emptySlot] = (hash >> 32) << 32 | UInt64(used >> 3 + 1)
                used += size
            }
        }
    }

    /// The index of `key`, or nil.
    @inline(__always)
    func index(of key: String) -> Int? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ index(ofUTF8: UnsafeRawBufferPointer($0)) }) {
            return found
        }
        return Array(key.utf8).withUnsafeBytes { index(ofUTF8: $0) }
    }

    /// The index of the key with these UTF-8 bytes, or nil.
    @inline(__always)
    func index(ofUTF8 bytes: UnsafeRawBufferPointer) -> Int? {
        find(bytes, hash: _KeyIndex.hash(bytes: bytes)).index
    }

    /// The indices of many keys at once (a nil key gives nil), equal to ``index(of:)`` of each.
    func indices(of keys: [String?]) -> [Int?] {
        var batch = HotspotKeyBatch(capacity: keys.count)
        for key in keys {
            if let key { batch.append(key) } else { batch.appendMissing() }
        }
        return indices(of: batch)
    }

    /// The index of every key of the batch (nil for a missing or unknown key), equal to ``index(ofUTF8:)`` of
    /// each.
    ///
    /// A single lookup waits for two cache misses in a row (its slot, then its record). Over a batch the work is
    /// split into passes whose loads do not depend on each other, so that the processor keeps many misses in
    /// flight instead of one (the hashes were computed when the keys were added):
    /// 1. every key's home slot (a tight loop of independent loads: the slot-array misses overlap);
    /// 2. the rest of each probe sequence, now in cache, up to the first slot whose tag matches, and that
    ///    candidate record's header (the record misses overlap, whether or not the key sits in its home slot);
    /// 3. the byte comparisons, on records already in cache. A candidate that is not the key (two keys sharing a
    ///    32-bit tag: about one lookup in 10⁹ on a 100 000-key registry) falls back to ``index(ofUTF8:)``.
    func indices(of batch: HotspotKeyBatch) -> [Int?] {
        let count = batch.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * count) { scratch in
            guard let candidates = scratch.baseAddress else { return [] }
            let headers = candidates + count
            slots.withUnsafeBufferPointer { slots in
                batch.entries.withUnsafeBufferPointer { entries in
                    let mask = self.mask
                    // Pass 1: the home slot's entry (0 = empty).
                    for position in 0..<count {
                        let entry = entries[position]
                        candidates[position] =
                            entry.count < 0 ? 0 : slots[Int(truncatingIfNeeded: entry.hash) & mask]
                    }
                    // Pass 2: the first entry of the probe sequence with the key's tag (0: none, the key is
                    // absent), then that record's header: the index in the low 32 bits, the byte count above.
                    for position in 0..<count {
                        var candidate = candidates[position]
                        guard candidate != 0 else { continue }
                        let hash = entries[position].hash
                        let tag = hash >> 32
                        var slot = Int(truncatingIfNeeded: hash) & mask
                        while candidate != 0 && candidate >> 32 != tag {
                            slot = (slot + 1) & mask
                            candidate = slots[slot]
                        }
                        candidates[position] = candidate
                        if candidate != 0 { headers[position] = arena.header(at: _KeyIndex.recordPosition(candidate)) }
                    }
                }
            }
            // Pass 3.
            return batch.bytes.withUnsafeBytes { bytes in
                batch.entries.withUnsafeBufferPointer { entries in
                    [Int?](unsafeUninitializedCapacity: count) { result, initialized in
                        for position in 0..<count {
                            let candidate = candidates[position]
                            var found: Int?
                            if candidate != 0 {
                                let entry = entries[position]
                                let key = UnsafeRawBufferPointer(
                                    rebasing: bytes[entry.offset..<entry.offset + entry.count]
                                )
                                let header = headers[position]
                                if header >> 32 == UInt64(entry.count),
                                    arena.bytesEqual(key, at: _KeyIndex.recordPosition(candidate))
                                {
                                    found = Int(truncatingIfNeeded: header & 0xFFFF_FFFF)
                                } else {
                                    found = find(key, hash: entry.hash).index
                                }
                            }
                            (result.baseAddress.unsafelyUnwrapped + position).initialize(to: found)
                        }
                        initialized = count
                    }
                }
            }
        }
    }

    /// The bytes a record of a key of `byteCount` bytes takes in the arena: 8 header bytes plus the key, rounded
    /// up to 8.
    @inline(__always)
    private static func recordSize(byteCount: Int) -> Int { (8 + byteCount + 7) & ~7 }

    /// The arena position of the record a non-empty slot entry points to.
    @inline(__always)
    private static func recordPosition(_ entry: UInt64) -> Int { Int((entry & 0xFFFF_FFFF) - 1) << 3 }

    /// The key's index if present, and the first empty slot of its probe sequence otherwise.
    @inline(__always)
    private func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (index: Int?, emptySlot: Int) {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            if entry >> 32 == tag {
                let position = _KeyIndex.recordPosition(entry)
                let header = arena.header(at: position)
                if header >> 32 == UInt64(bytes.count) && arena.bytesEqual(bytes, at: position) {
                    return (Int(truncatingIfNeeded: header & 0xFFFF_FFFF), slot)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// A 64-bit hash of the key's UTF-8 bytes.
    @inline(__always)
    static func hash(_ key: String) -> UInt64 {
        if let hash = key.utf8.withContiguousStorageIfAvailable({ hash(bytes: UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(key.utf8).withUnsafeBytes { hash(bytes: $0) }
    }

    /// A 64-bit hash of the key's UTF-8 bytes, eight bytes at a time. Keys of 8 bytes or more end with one
    /// unaligned load of their last eight bytes (overlapping the previous word) instead of a byte loop.
    @inline(__always)
    static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        var last: UInt64 = 0
        if count >= 8 {
            var offset = 0
            while offset + 8 < count {
                let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 29
                offset += 8
            }
            last = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else {
            for offset in 0..<count { last |= UInt64(bytes[offset]) << UInt64(offset * 8) }
        }
        h = (h ^ last) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        h &*= 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }
}

/// The records of a ``_KeyIndex``: one 64-byte aligned block, written while the index is built and immutable
/// afterwards.
///
/// `@unchecked Sendable`: the memory is only written by `_KeyIndex.init`, before the index can be shared.
final class _KeyArena: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    private let byteCount: Int

    init(byteCount: Int) {
        self.byteCount = max(byteCount, 8)
        base = .allocate(byteCount: self.byteCount, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: self.byteCount)
    }

    deinit { base.deallocate() }

    /// Writes a record at `position` (a multiple of 8): the index, the byte count, the bytes.
    func write(index: Int, bytes: UnsafeRawBufferPointer, at position: Int) {
        precondition(position & 7 == 0 && position + 8 + bytes.count <= byteCount, "key arena overflow")
        base.storeBytes(of: UInt32(truncatingIfNeeded: index), toByteOffset: position, as: UInt32.self)
        base.storeBytes(of: UInt32(truncatingIfNeeded: bytes.count), toByteOffset: position + 4, as: UInt32.self)
        if let source = bytes.baseAddress, bytes.count > 0 {
            (base + position + 8).copyMemory(from: source, byteCount: bytes.count)
        }
    }

    /// The header of the record at `position`: the index in the low 32 bits, the byte count in the high 32.
    @inline(__always)
    func header(at position: Int) -> UInt64 {
        base.load(fromByteOffset: position, as: UInt64.self)
    }

    /// Whether the key bytes of the record at `position` equal `bytes` (whose count equals the record's).
    ///
    /// Word compares rather than `memcmp`: a call into libc cost more than the comparison of a 51-byte key.
    @inline(__always)
    func bytesEqual(_ bytes: UnsafeRawBufferPointer, at position: Int) -> Bool {
        let count = bytes.count
        guard let other = bytes.baseAddress else { return true }
        let stored = UnsafeRawPointer(base + position + 8)
        if count < 8 {
            for offset in 0..<count
            where stored.load(fromByteOffset: offset, as: UInt8.self)
                != other.load(fromByteOffset: offset, as: UInt8.self)
            {
                return false
            }
            return true
        }
        var offset = 0
        var difference: UInt64 = 0
        while offset + 8 < count {
            difference |=
                stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                ^ other.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        difference |=
            stored.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            ^ other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        return difference == 0
    }
}
