/// An open-addressing hash table from hotspot key to directory index, used instead of `[String: Int]` on the
/// verifier's hot path: hashing a 51-character base58 key word by word and confirming with one string comparison
/// measured about 4× faster than `Dictionary` (SipHash over the bytes) in the release benchmark.
///
/// The hash is deterministic (unseeded); keys come from the user's own registry, so hash flooding is not a
/// concern for a batch tool. Not API.
struct _KeyIndex: Sendable {
    /// Per slot: (upper 32 bits of the hash) << 32 | (index + 1); 0 = empty.
    private var slots: [UInt64]
    private var keys: [String]
    private var mask: Int

    /// Indexes `keys`; when a key repeats, the first occurrence keeps it. `duplicates` lists the repeats.
    init(keys: [String], duplicates: inout [String]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        self.keys = keys
        for (index, key) in keys.enumerated() {
            let hash = _KeyIndex.hash(key)
            var slot = Int(truncatingIfNeeded: hash) & mask
            var duplicate = false
            while slots[slot] != 0 {
                let existing = Int(slots[slot] & 0xFFFF_FFFF) - 1
                if slots[slot] >> 32 == hash >> 32 && self.keys[existing] == key {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if duplicate {
                duplicates.append(key)
            } else {
                slots[slot] = (hash >> 32) << 32 | UInt64(index + 1)
            }
        }
    }

    /// The index of `key`, or nil.
    @inline(__always)
    func index(of key: String) -> Int? {
        let hash = _KeyIndex.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == hash >> 32 {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if keys[index] == key { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    /// A 64-bit hash of the key's UTF-8 bytes, eight bytes at a time.
    @inline(__always)
    static func hash(_ key: String) -> UInt64 {
        if let hash = key.utf8.withContiguousStorageIfAvailable({ hash(bytes: UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(key.utf8).withUnsafeBytes { hash(bytes: $0) }
    }

    @inline(__always)
    private static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
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
