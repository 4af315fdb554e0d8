import Glibc

/// An open-addressing hash table from hotspot key to directory index, used instead of `[String: Int]` on the
/// verifier's hot path.
///
/// Layout, chosen for cache misses (the table of a Helium-sized registry is far larger than the CPU caches, so a
/// lookup costs what it touches, not what it computes):
/// - `slots`: per slot, (upper 32 bits of the key's hash) << 32 | (record position / 8 + 1); 0 = empty. A lookup
///   compares the 32-bit tag first, so a miss almost never leaves the slot array.
/// - `arena`: every key's record, contiguous and 8-byte aligned: the directory index (UInt32), the byte count
///   (UInt32), then the UTF-8 bytes. Confirming a hit reads one record (one or two cache lines).
///
/// The previous layout confirmed a hit with `keys[index] == key` on a `[String]`: one miss on the array of
/// string descriptors and one more on the string's heap storage. The record layout halves the misses of a hit
/// (`HotspotDirectory.id(forKey:)` with its `memcmp` was ≈ 18 % of a verify run's CPU before).
///
/// The hash is deterministic (unseeded); keys come from the user's own registry, so hash flooding is not a
/// concern for a batch tool. Not API.
struct _KeyIndex: Sendable {
    private var slots: [UInt64]
    private var arena: [UInt8]
    private var mask: Int

    /// Indexes `keys`; when a key repeats, the first occurrence keeps it. `duplicates` lists the repeats.
    init(keys: [String], duplicates: inout [String]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        arena = []
        arena.reserveCapacity(keys.reduce(0) { $0 + _KeyIndex.recordSize(byteCount: $1.utf8.count) })
        for (index, key) in keys.enumerated() {
            var contiguous = key  // withUTF8 makes the storage contiguous (a no-op for native strings)
            contiguous.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                let hash = _KeyIndex.hash(bytes: raw)
                if self.find(raw, hash: hash).index != nil {
                    duplicates.append(key)
                    return
                }
                self.insert(raw, hash: hash, index: index)
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
    ///
    /// A single lookup waits for two cache misses in a row (its slot, then its record). Over a batch the work is
    /// split into passes whose loads do not depend on each other — every key's home slot, then every home record's
    /// length, then the comparisons — so that the processor keeps many misses in flight instead of one.
    func indices(of keys: [String?]) -> [Int?] {
        let count = keys.count
        var hashes = [UInt64](repeating: 0, count: count)
        var home = [UInt64](repeating: 0, count: count)
        for position in 0..<count {
            guard let key = keys[position] else { continue }
            let hash = _KeyIndex.hash(key)
            hashes[position] = hash
            home[position] = slots[Int(truncatingIfNeeded: hash) & mask]
        }
        return arena.withUnsafeBytes { arena in
            // The stored length of each home record whose tag matches (UInt32.max: none).
            var homeLengths = [UInt32](repeating: .max, count: count)
            for position in 0..<count where home[position] != 0 && home[position] >> 32 == hashes[position] >> 32 {
                let record = Int((home[position] & 0xFFFF_FFFF) - 1) << 3
                homeLengths[position] = arena.loadUnaligned(fromByteOffset: record + 4, as: UInt32.self)
            }
            var result = [Int?](repeating: nil, count: count)
            for position in 0..<count {
                guard var key = keys[position], home[position] != 0 else { continue }
                result[position] = key.withUTF8 { bytes in
                    let bytes = UnsafeRawBufferPointer(bytes)
                    if homeLengths[position] == UInt32(truncatingIfNeeded: bytes.count) {
                        let record = Int((home[position] & 0xFFFF_FFFF) - 1) << 3
                        if bytes.isEmpty
                            || memcmp(
                                arena.baseAddress.unsafelyUnwrapped + record + 8,
                                bytes.baseAddress.unsafelyUnwrapped,
                                bytes.count
                            ) == 0
                        {
                            return Int(arena.loadUnaligned(fromByteOffset: record, as: UInt32.self))
                        }
                    }
                    return find(bytes, hash: hashes[position]).index
                }
            }
            return result
        }
    }

    /// The bytes a record of a key of `byteCount` bytes takes in the arena: 8 header bytes plus the key, rounded
    /// up to 8.
    @inline(__always)
    private static func recordSize(byteCount: Int) -> Int { (8 + byteCount + 7) & ~7 }

    /// The key's index if present, and the first empty slot of its probe sequence otherwise.
    @inline(__always)
    private func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (index: Int?, emptySlot: Int) {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        return arena.withUnsafeBytes { arena in
            while true {
                let entry = slots[slot]
                if entry == 0 { return (nil, slot) }
                if entry >> 32 == tag {
                    let position = Int((entry & 0xFFFF_FFFF) - 1) << 3
                    let count = Int(arena.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self))
                    if count == bytes.count,
                        count == 0
                            || memcmp(
                                arena.baseAddress.unsafelyUnwrapped + position + 8,
                                bytes.baseAddress.unsafelyUnwrapped,
                                count
                            ) == 0
                    {
                        return (Int(arena.loadUnaligned(fromByteOffset: position, as: UInt32.self)), slot)
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Appends a key's record and points its first empty probe slot at it.
    private mutating func insert(_ bytes: UnsafeRawBufferPointer, hash: UInt64, index: Int) {
        let slot = find(bytes, hash: hash).emptySlot
        let position = arena.count
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: index).littleEndian) { arena.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: bytes.count).littleEndian) { arena.append(contentsOf: $0) }
        arena.append(contentsOf: bytes)
        arena.append(
            contentsOf: repeatElement(0, count: _KeyIndex.recordSize(byteCount: bytes.count) - 8 - bytes.count)
        )
        slots[slot] = (hash >> 32) << 32 | UInt64(position >> 3 + 1)
    }

    /// A 64-bit hash of the key's UTF-8 bytes.
    @inline(__always)
    static func hash(_ key: String) -> UInt64 {
        if let hash = key.utf8.withContiguousStorageIfAvailable({ hash(bytes: UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(key.utf8).withUnsafeBytes { hash(bytes: $0) }
    }

    /// A 64-bit hash of the key's UTF-8 bytes, eight bytes at a time.
    @inline(__always)
    static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        var offset = 0
        while offset + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        h &*= 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }
}
