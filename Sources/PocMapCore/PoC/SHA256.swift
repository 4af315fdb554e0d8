/// A SHA-256 digest (FIPS 180-4): 32 bytes held as eight big-endian 32-bit words, so it is a plain value
/// with no heap storage.
///
/// pocmap uses it for the PoC id (`poc_id` = lowercase hex SHA-256 of the beacon payload, FORMATS §2.1) and for
/// the seed of the optional beacon payload derivation (POC-RULES §9).
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The eight state words h0…h7 of the final hash; each is serialised most significant byte first.
    public let words: SIMD8<UInt32>

    init(words: SIMD8<UInt32>) {
        self.words = words
    }

    /// The 32 digest bytes in their standard (big-endian) order.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for index in 0..<8 {
            let word = words[index]
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    /// The digest as 64 lowercase hexadecimal characters.
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var utf8 = [UInt8]()
        utf8.reserveCapacity(64)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Same as `hexString`.
    public var description: String { hexString }
}

/// An incremental SHA-256 hasher (FIPS 180-4), pure Swift.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// hasher.update(remoteEntropy)
/// hasher.update(littleEndian: startSeconds)
/// let digest = hasher.finalize()
/// ```
public struct SHA256Hasher: Sendable {
    // The eight state words h0…h7. One 64-byte block costs ≈ 0.5 µs in a release build on the reference machine
    // (a PoC id is one block: 51 bytes + padding), about 15 cycles per byte, typical of portable SHA-256.
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19
    /// Bytes of an incomplete block (fewer than 64), awaiting more input.
    private var pending: [UInt8] = []
    /// Total message length in bytes.
    private var length: UInt64 = 0

    /// A hasher with the standard initial state and no input yet.
    public init() {}

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> SHA256Digest {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of a payload in one call (the PoC id), without copying it to the heap.
    public static func hash(_ payload: PayloadBytes) -> SHA256Digest {
        payload.withUnsafeBytes { hash(raw: $0) }
    }

    /// The digest of bytes in memory in one call: whole blocks are compressed where they lie and the padded tail
    /// is built on the stack, so nothing is buffered on the heap (``update(raw:)`` keeps an incomplete block in an
    /// array; a PoC id is a single block, hashed once per PoC, so that allocation was a good part of its cost).
    public static func hash(raw bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256Hasher()
        let wholeBlocks = bytes.count / 64
        for block in 0..<wholeBlocks {
            hasher.compress(UnsafeRawBufferPointer(rebasing: bytes[(block * 64)..<(block * 64 + 64)]))
        }
        let tail = UnsafeRawBufferPointer(rebasing: bytes[(wholeBlocks * 64)...])
        hasher.length = UInt64(bytes.count)
        hasher.compressPadded(tail)
        return hasher.digest
    }

    /// Appends bytes to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(raw: UnsafeRawBufferPointer($0)) }
        if handled == nil {
            Array(bytes).withUnsafeBytes { update(raw: $0) }
        }
    }

    /// Appends the 8 little-endian bytes of a signed 64-bit integer (Rust `i64::to_le_bytes`).
    public mutating func update(littleEndian value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { update(raw: $0) }
    }

    /// Appends raw bytes: completes a pending block, compresses whole blocks in place, keeps the rest.
    public mutating func update(raw bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 64)]))
            offset += 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: bytes[offset...])
        }
    }

    /// Pads the message and returns its digest. The hasher should not be used afterwards.
    public mutating func finalize() -> SHA256Digest {
        let pendingBytes = pending
        pendingBytes.withUnsafeBytes { compressPadded($0) }
        pending.removeAll()
        return digest
    }

    /// The state words as a digest.
    private var digest: SHA256Digest { SHA256Digest(words: SIMD8(h0, h1, h2, h3, h4, h5, h6, h7)) }

    /// Compresses the message's last bytes (`tail`, fewer than 64) with the padding: 0x80, zeros to 56 mod 64,
    /// then the 64-bit big-endian bit length of the whole message (``length``); one block, or two when more than
    /// 55 bytes remain.
    private mutating func compressPadded(_ tail: UnsafeRawBufferPointer) {
        assert(tail.count < 64)
        let bitLength = length &* 8
        let tailCount = tail.count
        let blocks = tailCount <= 55 ? 1 : 2
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { padded in
            padded.initializeMemory(as: UInt8.self, repeating: 0)
            if let destination = padded.baseAddress, let origin = tail.baseAddress {
                destination.copyMemory(from: origin, byteCount: tailCount)
            }
            padded[tailCount] = 0x80
            let end = blocks * 64
            for index in 0..<8 {
                padded[end - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(index)))
            }
            for block in 0..<blocks {
                compress(UnsafeRawBufferPointer(rebasing: padded[(block * 64)..<(block * 64 + 64)]))
            }
        }
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x >> n) | (x << (32 - n))
    }

    /// One round on the working variables, named by their role in this round: writes the new `e` into `d` and the
    /// new `a` into `h`; the caller rotates the names instead of moving eight values per round.
    @inline(__always)
    private static func round(
        _ a: UInt32,
        _ b: UInt32,
        _ c: UInt32,
        _ d: inout UInt32,
        _ e: UInt32,
        _ f: UInt32,
        _ g: UInt32,
        _ h: inout UInt32,
        _ constantPlusWord: UInt32
    ) {
        let bigS1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choose = g ^ (e & (f ^ g))
        let temp1 = h &+ bigS1 &+ choose &+ constantPlusWord
        let bigS0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) | (c & (a | b))
        d = d &+ temp1
        h = temp1 &+ bigS0 &+ majority
    }

    /// Compresses one 64-byte block into the state words.
    ///
    /// Eight rounds per step with the roles of the working variables rotated (``round(_:_:_:_:_:_:_:_:_:)``)
    /// rather than eight moves per round, and the round constants added to the whole schedule in one pass. (A PoC
    /// id costs one block per PoC: ≈ 5% of the verdict formatter's time before.)
    private mutating func compress(_ block: UnsafeRawBufferPointer) {
        assert(block.count == 64)
        Self.roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                for t in 0..<16 {
                    schedule[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                }
                // The last two words stay in registers: word t depends on word t − 2, and reading it back from
                // the schedule just written made every step wait for a store to be forwarded (this loop was a
                // third of the time).
                var previous = schedule[14]
                var last = schedule[15]
                for t in 16..<64 {
                    let w15 = schedule[t - 15]
                    let s0 = Self.rotr(w15, 7) ^ Self.rotr(w15, 18) ^ (w15 >> 3)
                    let s1 = Self.rotr(previous, 17) ^ Self.rotr(previous, 19) ^ (previous >> 10)
                    let word = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
                    schedule[t] = word
                    previous = last
                    last = word
                }
                for t in 0..<64 { schedule[t] = schedule[t] &+ k[t] }
                var a = h0
                var b = h1
                var c = h2
                var d = h3
                var e = h4
                var f = h5
                var g = h6
                var h = h7
                var t = 0
                while t < 64 {
                    Self.round(a, b, c, &d, e, f, g, &h, schedule[t])
                    Self.round(h, a, b, &c, d, e, f, &g, schedule[t + 1])
                    Self.round(g, h, a, &b, c, d, e, &f, schedule[t + 2])
                    Self.round(f, g, h, &a, b, c, d, &e, schedule[t + 3])
                    Self.round(e, f, g, &h, a, b, c, &d, schedule[t + 4])
                    Self.round(d, e, f, &g, h, a, b, &c, schedule[t + 5])
                    Self.round(c, d, e, &f, g, h, a, &b, schedule[t + 6])
                    Self.round(b, c, d, &e, f, g, h, &a, schedule[t + 7])
                    t += 8
                }
                h0 = h0 &+ a
                h1 = h1 &+ b
                h2 = h2 &+ c
                h3 = h3 &+ d
                h4 = h4 &+ e
                h5 = h5 &+ f
                h6 = h6 &+ g
                h7 = h7 &+ h
            }
        }
    }
}
