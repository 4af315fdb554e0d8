import PocMapCore
import Testing
import _PocMapTestSupport

@testable import PocMapIO

/// The reader's word-at-a-time and shortcut paths against plain byte-by-byte definitions.
@Suite("Reader fast paths agree with their definitions")
struct FastPathTests {
    /// Random words whose bytes come mostly from the interesting classes (quote, backslash, control bytes,
    /// bytes ≥ 0x80, digits, and the byte values next to each class's edges).
    private func randomWords(_ count: Int, seed: UInt64) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        let edges: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x2F, 0x30, 0x39, 0x3A, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0x81,
            0xA2, 0xDC, 0xFE, 0xFF,
        ]
        return (0..<count).map { _ in
            var word: UInt64 = 0
            for position in 0..<8 {
                let choice = random.next()
                let byte: UInt8 =
                    switch choice % 4 {
                    case 0: edges[Int(choice >> 8) % edges.count]
                    case 1: UInt8(ascii: "0") + UInt8(choice >> 8 % 10)
                    case 2: UInt8(truncatingIfNeeded: choice >> 16)
                    default: UInt8(ascii: "A") + UInt8(choice >> 8 % 26)
                    }
                word |= UInt64(byte) << UInt64(8 * position)
            }
            return word
        }
    }

    private func bytes(_ word: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64(8 * $0)) } }

    @Test func firstSpecialByteAndQuote() {
        for word in randomWords(200_000, seed: 1) {
            let text = bytes(word)
            let first = text.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 }
            let special = JSONScanner.specialBytes(word)
            #expect((special == 0) == (first == nil))
            #expect(JSONScanner.hasSpecialByte(word) == (first != nil))
            if let first {
                #expect(special.trailingZeroBitCount >> 3 == first, "\(text)")
                let isQuote = (JSONScanner.quoteBytes(word) >> UInt64(special.trailingZeroBitCount)) & 1 != 0
                #expect(isQuote == (text[first] == 0x22), "\(text)")
            }
        }
    }

    @Test func leadingDigitsAndTheirValue() {
        for word in randomWords(200_000, seed: 2) {
            let text = bytes(word)
            let run = text.firstIndex { !(0x30...0x39).contains($0) } ?? 8
            let digits = word ^ 0x3030_3030_3030_3030
            #expect(JSONScanner.leadingDigitCount(digits) == run, "\(text)")
            guard run > 0 else { continue }
            let value = text[0..<run].reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
            #expect(JSONScanner.eightDigitValue(digits << UInt64(64 - 8 * run)) == value, "\(text)")
        }
    }

    @Test func loRaDataRateNamesAgreeWithTheGeneralParser() {
        // Every rate's name, and every text of 8 or 9 bytes over the characters those names use.
        var texts = DataRate.allCases.map { Array($0.name.utf8) }
        var random = SplitMix64(seed: 3)
        let alphabet = Array("SFBW0123456789 sfbwLRHX".utf8)
        for _ in 0..<200_000 {
            let length = 8 + Int(random.next() % 2)
            var text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            // Bias towards near-misses of real names.
            if random.next() % 2 == 0 {
                let name = Array(DataRate.allCases[Int(random.next() % 18)].name.utf8)
                text = name
                text[Int(random.next() % UInt64(name.count))] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            texts.append(text)
        }
        var fast = 0
        for text in texts {
            text.withUnsafeBufferPointer { buffer in
                if let rate = FieldReader.loRaDataRate(buffer) {
                    fast += 1
                    #expect(rate == DataRate(asciiName: FieldReader.trimmed(buffer)), "\(String(decoding: text, as: UTF8.self))")
                    #expect(rate.name == String(decoding: text, as: UTF8.self))
                }
            }
        }
        #expect(fast > 18)  // the 18 LoRa names and the near-misses that are names too
    }
}
