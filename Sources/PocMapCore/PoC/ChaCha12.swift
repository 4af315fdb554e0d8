/// The ChaCha12 keystream generator exactly as rand_chacha's `ChaCha12Rng::from_seed` produces it
/// (POC-RULES §9 step 3): used only to rebuild a beacon payload from its entropy.
///
/// State layout: the constant "expand 32-byte k", the eight little-endian key words of the 32-byte seed, a 64-bit
/// block counter starting at 0 in words 12–13, and a 64-bit stream id of 0 in words 14–15. Each block runs
/// 12 rounds (6 double rounds) and outputs `final word + input word` for the 16 words, in index order; blocks
/// follow each other in counter order.
struct ChaCha12Generator: Sendable {
    private var input: [UInt32]
    private var block: [UInt32]
    private var nextWordIndex = 16
    private let doubleRounds: Int

    /// Keys the generator with a 32-byte seed. Returns nil when the seed is not exactly 32 bytes.
    /// `doubleRounds` is 6 for ChaCha12; tests use 10 (ChaCha20) to compare with an independent library.
    init?(seed: [UInt8], doubleRounds: Int = 6) {
        guard seed.count == 32 else { return nil }
        self.doubleRounds = doubleRounds
        var words: [UInt32] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]
        for index in 0..<8 {
            let base = index * 4
            words.append(
                UInt32(seed[base]) | UInt32(seed[base + 1]) << 8 | UInt32(seed[base + 2]) << 16
                    | UInt32(seed[base + 3]) << 24
            )
        }
        words += [0, 0, 0, 0]  // block counter (words 12–13) and stream id (words 14–15)
        input = words
        block = [UInt32](repeating: 0, count: 16)
    }

    /// The next 32-bit output word (rand_core `next_u32`).
    mutating func nextUInt32() -> UInt32 {
        if nextWordIndex == 16 {
            refill()
            nextWordIndex = 0
        }
        let word = block[nextWordIndex]
        nextWordIndex += 1
        return word
    }

    @inline(__always)
    private static func quarterRound(_ x: inout [UInt32], _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        x[a] = x[a] &+ x[b]
        x[d] = rotl(x[d] ^ x[a], 16)
        x[c] = x[c] &+ x[d]
        x[b] = rotl(x[b] ^ x[c], 12)
        x[a] = x[a] &+ x[b]
        x[d] = rotl(x[d] ^ x[a], 8)
        x[c] = x[c] &+ x[d]
        x[b] = rotl(x[b] ^ x[c], 7)
    }

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x << n) | (x >> (32 - n))
    }

    private mutating func refill() {
        var x = input
        for _ in 0..<doubleRounds {
            Self.quarterRound(&x, 0, 4, 8, 12)
            Self.quarterRound(&x, 1, 5, 9, 13)
            Self.quarterRound(&x, 2, 6, 10, 14)
            Self.quarterRound(&x, 3, 7, 11, 15)
            Self.quarterRound(&x, 0, 5, 10, 15)
            Self.quarterRound(&x, 1, 6, 11, 12)
            Self.quarterRound(&x, 2, 7, 8, 13)
            Self.quarterRound(&x, 3, 4, 9, 14)
        }
        for index in 0..<16 {
            block[index] = x[index] &+ input[index]
        }
        // 64-bit block counter in words 12 (low) and 13 (high).
        input[12] = input[12] &+ 1
        if input[12] == 0 {
            input[13] = input[13] &+ 1
        }
    }
}
