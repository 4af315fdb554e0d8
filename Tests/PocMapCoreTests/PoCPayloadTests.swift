import Testing

@testable import PocMapCore

@Suite("PoC payload: SHA-256, ChaCha12 and beacon derivation (POC-RULES §9)")
struct PoCPayloadTests {
    @Test("SHA-256 of the FIPS 180-4 / NIST example messages")
    func sha256KnownAnswers() {
        #expect(
            SHA256Hasher.hash([UInt8]()).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        #expect(
            SHA256Hasher.hash(Array("abc".utf8)).hexString
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        #expect(
            SHA256Hasher.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hexString
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
        // One million 'a' (multi-block, fed in uneven pieces).
        var hasher = SHA256Hasher()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(piece) }
        #expect(
            hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    @Test("SHA-256 across the 55/56/64-byte padding boundaries matches a reference")
    func sha256PaddingBoundaries() {
        // Reference digests from Python hashlib.sha256(bytes(range(n))).hexdigest().
        let expected: [Int: String] = [
            55: "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59",
            56: "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562",
            63: "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488",
            64: "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108",
            65: "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781",
        ]
        for (count, digest) in expected {
            let bytes = (0..<count).map { UInt8($0) }
            #expect(SHA256Hasher.hash(bytes).hexString == digest, "n = \(count)")
        }
    }

    @Test("The ChaCha core with 10 double rounds reproduces ChaCha20 (Python cryptography) across blocks")
    func chachaCoreAgainstChaCha20() throws {
        // Key 00 01 … 1f, 128-bit counter/nonce all zero; keystream from
        // `Cipher(algorithms.ChaCha20(key, bytes(16)), mode=None).encryptor().update(bytes(264))`, as LE u32 words.
        var generator = try #require(ChaCha12Generator(seed: (0..<32).map { UInt8($0) }, doubleRounds: 10))
        var words: [UInt32] = []
        for _ in 0..<66 { words.append(generator.nextUInt32()) }
        #expect(Array(words[0..<4]) == [0x7d2b_fd39, 0x6a19_c5d9, 0x7703_bd8d, 0x494a_dcb8])
        #expect(Array(words[16..<18]) == [0x3142_b818, 0xd1a6_e6ad])
        #expect(Array(words[64..<66]) == [0x18a1_dbff, 0x438c_5827])
        #expect(ChaCha12Generator(seed: [1, 2, 3]) == nil)
    }

    @Test("ORACLE test_verify_beacon_payload vector: seed, 51 data bytes, 867.9 MHz, SF12BW125")
    func oraclePayloadVector() throws {
        let local: [UInt8] = [233, 70, 25, 176]
        let remote: [UInt8] = [
            182, 170, 63, 128, 217, 53, 95, 19, 157, 153, 134, 38, 184, 209, 255, 23, 118, 205, 163, 106, 225, 26,
            16, 0, 106, 141, 81, 101, 70, 39, 107, 9,
        ]
        let seed = DerivedBeacon.seed(remoteEntropy: remote, entropyStartSeconds: 1_677_163_710, localEntropy: local)
        #expect(seed.hexString == "621ae546cdbc0295e491f889798f9a086a6b6d465e19c7e46cef91062cb93e8f")

        let eu868Name = try #require(RegionName("EU868"))
        let plan = try #require(RegionPlan.defaultPlans[eu868Name])
        let beacon = try DerivedBeacon.derive(
            remoteEntropy: remote,
            entropyStartSeconds: 1_677_163_710,
            entropyVersion: 0,
            localEntropy: local,
            plan: plan,
            gainTenthsDBi: 60
        )
        let expected: [UInt8] = [
            28, 153, 18, 65, 96, 232, 59, 146, 134, 125, 99, 12, 175, 76, 158, 210, 28, 253, 146, 59, 187, 203, 122,
            146, 49, 241, 156, 148, 74, 246, 68, 17, 8, 212, 48, 6, 152, 58, 221, 158, 186, 101, 37, 59, 135, 126,
            18, 72, 244, 65, 174,
        ]
        #expect(beacon.data == expected)
        #expect(Int(beacon.data[0]) + 256 * Int(beacon.data[1]) == 39196)
        #expect(beacon.frequencyHz == 867_900_000)
        #expect(beacon.dataRate == .sf12bw125)
        #expect(beacon.conductedPowerDBm == 10)  // trunc(16.1 − 6.0)

        // Milliseconds instead of seconds (the pre-PR #360 production bug) give another payload.
        let wrong = try DerivedBeacon.derive(
            remoteEntropy: remote,
            entropyStartSeconds: 1_677_163_710_000,
            entropyVersion: 0,
            localEntropy: local,
            plan: plan,
            gainTenthsDBi: 60
        )
        #expect(wrong.data != expected)
    }

    @Test("Derivation preconditions: entropy version, empty plan, gain beyond max EIRP")
    func derivationFailures() throws {
        let eu868Name = try #require(RegionName("EU868"))
        let eu868 = try #require(RegionPlan.defaultPlans[eu868Name])
        let remote = [UInt8](repeating: 7, count: 32)
        let local: [UInt8] = [1, 2, 3, 4]
        #expect(throws: BeaconDerivationError.unsupportedEntropyVersion(2)) {
            try DerivedBeacon.derive(
                remoteEntropy: remote,
                entropyStartSeconds: 1,
                entropyVersion: 2,
                localEntropy: local,
                plan: eu868,
                gainTenthsDBi: 12
            )
        }
        let empty = RegionPlan(region: eu868.region, channels: [])
        #expect(throws: BeaconDerivationError.plan(.noChannels)) {
            try DerivedBeacon.derive(
                remoteEntropy: remote,
                entropyStartSeconds: 1,
                entropyVersion: 1,
                localEntropy: local,
                plan: empty,
                gainTenthsDBi: 12
            )
        }
        // EU868 max EIRP 161: gain 170 → trunc(−0.9) = 0 passes, gain 171 → −1 fails.
        let passing = try DerivedBeacon.derive(
            remoteEntropy: remote,
            entropyStartSeconds: 1,
            entropyVersion: 1,
            localEntropy: local,
            plan: eu868,
            gainTenthsDBi: 170
        )
        #expect(passing.conductedPowerDBm == 0)
        #expect(throws: BeaconDerivationError.plan(.negativeConductedPower(maxEIRPTenthsDBm: 161, gainTenthsDBi: 171)))
        {
            try DerivedBeacon.derive(
                remoteEntropy: remote,
                entropyStartSeconds: 1,
                entropyVersion: 1,
                localEntropy: local,
                plan: eu868,
                gainTenthsDBi: 171
            )
        }
    }
}

@Suite("SHA-256 in one call from memory")
struct SHA256OneCallTests {
    @Test("hash(raw:) and hash(payload) equal the incremental hasher for 0 to 200 bytes")
    func oneCallMatchesIncremental() {
        for count in 0...200 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var hasher = SHA256Hasher()
            for piece in stride(from: 0, to: count, by: 7) { hasher.update(bytes[piece..<min(piece + 7, count)]) }
            let expected = hasher.finalize()
            #expect(bytes.withUnsafeBytes { SHA256Hasher.hash(raw: $0) } == expected, "n = \(count)")
            #expect(SHA256Hasher.hash(PayloadBytes(bytes)) == expected, "n = \(count)")
        }
    }
}
