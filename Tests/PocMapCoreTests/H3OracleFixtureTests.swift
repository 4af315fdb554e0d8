// The oracle fixtures are intact (SHA256SUMS) and the readers are exact: the SHA-256 used on fixtures against
// FIPS 180-4 / hashlib values, hex floats against Python's float.hex text, SplitMix64 against the reference.

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("H3 oracle fixtures and readers")
struct H3OracleFixtureTests {
    static let ownedFiles = ["latlng_to_cell.tsv", "cells.tsv", "invalid_cells.tsv", "misc.tsv"]

    @Test("SHA-256 matches known digests (padding boundaries 55/56/63/64/65 bytes included)")
    func sha256KnownAnswers() {
        let cases: [([UInt8], String)] = [
            ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ([UInt8](repeating: 0x61, count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            ([UInt8](repeating: 0x61, count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            ([UInt8](repeating: 0x61, count: 63), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            ([UInt8](repeating: 0x61, count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            ([UInt8](repeating: 0x61, count: 65), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
            ([UInt8](repeating: 0x61, count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
            ((0..<768).map { UInt8($0 % 256) }, "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"),
        ]
        for (message, digest) in cases {
            #expect(SHA256Hasher.hash(message).hexString == digest, "length \(message.count)")
        }
    }

    @Test("every fixture file matches Tests/Fixtures/h3/SHA256SUMS")
    func fixtureHashes() throws {
        let sums = String(decoding: try VectorFile.bytes(of: VectorFile.h3URL("SHA256SUMS")), as: UTF8.self)
        var listed: [String: String] = [:]
        for line in sums.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            try #require(parts.count == 2, "malformed SHA256SUMS line: \(line)")
            listed[String(parts[1])] = String(parts[0])
        }
        #expect(Set(listed.keys).isSuperset(of: Self.ownedFiles))
        for (name, digest) in listed.sorted(by: { $0.key < $1.key }) {
            let bytes = try VectorFile.bytes(of: VectorFile.h3URL(name))
            #expect(SHA256Hasher.hash(bytes).hexString == digest,
                    "\(name) changed since generation: regenerate with Scripts/h3vectors/generate.py")
        }
    }

    @Test("hex floats read back exactly: re-formatting every float gives the generator's text")
    func hexFloatsExact() throws {
        var checked = 0
        for name in ["latlng_to_cell.tsv", "cells.tsv"] {
            for row in try VectorFile.h3(name).rows {
                for field in row.fields where field.hasPrefix("0x") || field.hasPrefix("-0x") || field.contains(",0x") {
                    for part in field.split(separator: ",") {
                        let text = String(part)
                        let value = try #require(HexFloat.parse(text), "\(row.excerpt(limit: 80))")
                        #expect(HexFloat.format(value) == text, "\(row.excerpt(limit: 80))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 100_000)
        #expect(HexFloat.parse("0x1.8p+1") == 3.0)
        #expect(HexFloat.parse("-0x0.0p+0")?.bitPattern == (-0.0).bitPattern)
        #expect(HexFloat.parse("0x0.0000000000001p-1022") == Double.leastNonzeroMagnitude)
        #expect(HexFloat.parse("1.5") == nil, "decimal text is refused")
        #expect(HexFloat.format(1.0) == "0x1.0000000000000p+0")
        #expect(HexFloat.format(-Double.pi) == "-0x1.921fb54442d18p+1")
    }

    @Test("SplitMix64 reproduces the reference sequence")
    func splitMix() {
        var zero = SplitMix64(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var other = SplitMix64(seed: 20_260_521)
        #expect([other.next(), other.next(), other.next()] == [0xE6C2_FDCC_03C6_B7DD, 0xD0F4_B371_AF43_4FCC, 0x417A_5CAD_E922_3355])
        var rng = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let d = rng.nextDouble()
            #expect(d >= 0 && d < 1)
            let i = rng.nextInt(below: 16)
            #expect((0..<16).contains(i))
        }
    }
}
