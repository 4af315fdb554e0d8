extension PayloadBytes {
    /// A fast 64-bit hash of the bytes for hash tables of payloads (the join's groups, the duplicate-beacon set),
    /// eight bytes at a time with a multiply–xorshift mix. Payloads are pseudo-random bytes in Helium; a hostile
    /// input can only slow its own run down. Always odd, so tables can use 0 and 2 as markers.
    ///
    /// SipHash (`Hasher`) over 51 bytes cost ~5 % of a verify run; this costs a few nanoseconds.
    @inline(__always)
    public var tableHash: UInt64 {
        withUnsafeBytes { bytes in
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
}
