import Glibc
import PocMapCore

/// An open-addressing index from a payload's hash to a small integer (the joiner's group of each payload being
/// joined), for the join's per-report lookups. The payload bytes stay with the caller, which confirms a candidate
/// whose 64-bit hash matches (``value(hash:matching:)``): a slot is 12 bytes, not the ~90 of a slot that also held
/// the payload (storing and clearing those was ≈ 4 % of the joining thread). Replaces `[PayloadBytes: Int32]`,
/// whose SipHash over 51 bytes showed up at ~5 % of a verify run: the payload is hashed eight bytes at a time
/// with a multiply–xorshift mix (payloads are pseudo-random bytes in Helium; a hostile input can only slow its
/// own run down).
struct PayloadTable {
    private var hashes: [UInt64]
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
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The hash of a payload (``PayloadBytes/tableHash``); always odd, so never `empty` or `deleted`.
    @inline(__always)
    static func hash(_ payload: PayloadBytes) -> UInt64 { payload.tableHash }

    /// The value stored for the payload with this hash: the first value stored with the same hash for which
    /// `matches` (does the caller's payload for this value equal the one looked up?) is true.
    @inline(__always)
    func value(hash: UInt64, matching matches: (Int32) -> Bool) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            let stored = hashes[slot]
            if stored == PayloadTable.empty { return nil }
            if stored == hash && matches(values[slot]) { return values[slot] }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `value` for a payload with this hash that is not in the table.
    mutating func insert(hash: UInt64, value: Int32) {
        if (count + tombstones + 1) * 4 > hashes.count * 3 { rehash() }
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while hashes[slot] != PayloadTable.empty && hashes[slot] != PayloadTable.deleted {
            slot = (slot + 1) & mask
        }
        if hashes[slot] == PayloadTable.deleted { tombstones -= 1 }
        hashes[slot] = hash
        values[slot] = value
        count += 1
    }

    /// Removes the entry of `value` stored with this hash (no effect when absent).
    mutating func remove(hash: UInt64, value: Int32) {
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            let stored = hashes[slot]
            if stored == PayloadTable.empty { return }
            if stored == hash && values[slot] == value {
                hashes[slot] = PayloadTable.deleted
                count -= 1
                tombstones += 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func rehash() {
        let oldHashes = hashes
        let oldValues = values
        var size = hashes.count
        if (count + 1) * 2 > size { size <<= 1 }
        hashes = [UInt64](repeating: PayloadTable.empty, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
        count = 0
        tombstones = 0
        for index in oldHashes.indices
        where oldHashes[index] != PayloadTable.empty && oldHashes[index] != PayloadTable.deleted {
            insert(hash: oldHashes[index], value: oldValues[index])
        }
    }
}

/// A set of payloads for duplicate-beacon detection over a whole batch, compact because it grows with the number
/// of beacons (1.6 M on a Helium-scale day): per slot only the 64-bit hash and an offset, the bytes themselves in
/// one arena (4-byte length, then the bytes), about 85 bytes per payload instead of ~230 in a `PayloadTable`.
/// Measured peak RSS of `pocmap verify` on a 400 k-hotspot, 19.7 M-witness day: 1.17 GB with a `PayloadTable`,
/// 888 MB with this set.
struct PayloadSet {
    private var hashes: [UInt64]
    private var offsets: [UInt32]
    private var arena: [UInt8] = []
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        offsets = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The hash of `payload` for ``insertIfAbsent(_:hash:)``, having started to load the slot where its probe
    /// begins. The slot array is far larger than the caches (tens of MB on a large day), so its first probe is a
    /// cache miss per beacon; hashed one PoC ahead, that miss overlaps with the current PoC's verification.
    func prefetch(_ payload: PayloadBytes) -> UInt64 {
        let hash = PayloadTable.hash(payload)
        let slot = Int(truncatingIfNeeded: hash >> 7) & mask
        hashes.withUnsafeBufferPointer { hashes in
            if let base = hashes.baseAddress { CachePrefetch.read(base + slot) }
        }
        return hash
    }

    /// Inserts the payload if absent; returns whether it was inserted. Precondition: the arena stays below 4 GiB
    /// (about 80 million 51-byte payloads).
    mutating func insertIfAbsent(_ payload: PayloadBytes) -> Bool {
        insertIfAbsent(payload, hash: PayloadTable.hash(payload))
    }

    /// ``insertIfAbsent(_:)`` with the payload's hash already computed (`PayloadTable.hash(payload)`).
    mutating func insertIfAbsent(_ payload: PayloadBytes, hash: UInt64) -> Bool {
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash && matches(payload, at: Int(offsets[slot])) { return false }
            slot = (slot + 1) & mask
        }
        precondition(arena.count + payload.count + 4 < Int(UInt32.max), "duplicate-beacon set over 4 GiB")
        hashes[slot] = hash
        offsets[slot] = UInt32(arena.count)
        append(payload)
        count += 1
        if count * 4 > hashes.count * 3 { grow() }
        return true
    }

    /// Appends the length (4 bytes, little endian) and the bytes of `payload` to the arena: the room is made by
    /// one append of zeros and filled through a pointer (two `append(contentsOf:)` of raw buffers took ≈ 3 % of
    /// the verifying thread).
    private mutating func append(_ payload: PayloadBytes) {
        let offset = arena.count
        let length = payload.count
        arena.append(contentsOf: repeatElement(0, count: 4 + length))
        arena.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt32(length).littleEndian, toByteOffset: offset, as: UInt32.self)
            payload.withUnsafeBytes { bytes in
                guard let source = bytes.baseAddress, let base = raw.baseAddress, length > 0 else { return }
                (base + offset + 4).copyMemory(from: source, byteCount: length)
            }
        }
    }

    private func matches(_ payload: PayloadBytes, at offset: Int) -> Bool {
        arena.withUnsafeBytes { raw in
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            guard length == payload.count else { return false }
            return payload.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress, let stored = raw.baseAddress else { return length == 0 }
                return memcmp(base, stored + offset + 4, length) == 0
            }
        }
    }

    private mutating func grow() {
        let oldHashes = hashes
        let oldOffsets = offsets
        let size = hashes.count * 2
        hashes = [UInt64](repeating: 0, count: size)
        offsets = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for index in oldHashes.indices where oldHashes[index] != 0 {
            var slot = Int(truncatingIfNeeded: oldHashes[index] >> 7) & mask
            while hashes[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = oldHashes[index]
            offsets[slot] = oldOffsets[index]
        }
    }
}
