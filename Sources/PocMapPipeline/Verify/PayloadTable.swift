import PocMapCore

/// An open-addressing hash map from a payload to a small integer, for the join's per-report lookups. Replaces
/// `[PayloadBytes: Int32]`, whose SipHash over 51 bytes showed up at ~5 % of a verify run: the payload is hashed
/// eight bytes at a time with a multiply–xorshift mix (payloads are pseudo-random bytes in Helium; a hostile input
/// can only slow its own run down), and the stored 64-bit hash is compared before the bytes.
struct PayloadTable {
    private var hashes: [UInt64]
    private var keys: [PayloadBytes]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0
    private var tombstones = 0

    /// Markers in `hashes`: 0 an empty slot, 2 a deleted one; real hashes are odd (`hash(_:)`), so never either.
    private static let empty: UInt64 = 0
    private static let deleted: UInt64 = 2

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt64](repeating: PayloadTable.empty, count: size)
        keys = [PayloadBytes](repeating: PayloadBytes(), count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The hash of a payload; always odd, so never `empty` or `deleted`.
    @inline(__always)
    static func hash(_ payload: PayloadBytes) -> UInt64 {
        payload.withUnsafeBytes { bytes in
            var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
            var offset = 0
            while offset + 8 <= bytes.count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 29
                offset += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            h = (h ^ tail) &* 0xD6E8_FEB8_6659_FD93
            h ^= h >> 32
            return h | 1
        }
    }

    /// The value stored for `payload`.
    @inline(__always)
    func value(for payload: PayloadBytes, hash: UInt64) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            let stored = hashes[slot]
            if stored == PayloadTable.empty { return nil }
            if stored == hash && keys[slot] == payload { return values[slot] }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `value` for a payload not in the table.
    mutating func insert(_ payload: PayloadBytes, hash: UInt64, value: Int32) {
        if (count + tombstones + 1) * 4 > hashes.count * 3 { rehash() }
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while hashes[slot] != PayloadTable.empty && hashes[slot] != PayloadTable.deleted {
            slot = (slot + 1) & mask
        }
        if hashes[slot] == PayloadTable.deleted { tombstones -= 1 }
        hashes[slot] = hash
        keys[slot] = payload
        values[slot] = value
        count += 1
    }

    /// Inserts the payload if absent; returns whether it was inserted.
    mutating func insertIfAbsent(_ payload: PayloadBytes) -> Bool {
        let hash = PayloadTable.hash(payload)
        if value(for: payload, hash: hash) != nil { return false }
        insert(payload, hash: hash, value: 0)
        return true
    }

    /// Removes a payload (no effect when absent).
    mutating func remove(_ payload: PayloadBytes, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            let stored = hashes[slot]
            if stored == PayloadTable.empty { return }
            if stored == hash && keys[slot] == payload {
                hashes[slot] = PayloadTable.deleted
                keys[slot] = PayloadBytes()
                count -= 1
                tombstones += 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func rehash() {
        let oldHashes = hashes
        let oldKeys = keys
        let oldValues = values
        var size = hashes.count
        if (count + 1) * 2 > size { size <<= 1 }
        hashes = [UInt64](repeating: PayloadTable.empty, count: size)
        keys = [PayloadBytes](repeating: PayloadBytes(), count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
        count = 0
        tombstones = 0
        for index in oldHashes.indices where oldHashes[index] != PayloadTable.empty && oldHashes[index] != PayloadTable.deleted {
            insert(oldKeys[index], hash: oldHashes[index], value: oldValues[index])
        }
    }
}
