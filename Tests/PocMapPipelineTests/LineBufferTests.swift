import Testing
import _PocMapTestSupport

@testable import PocMapCore
@testable import PocMapPipeline

/// The verdict writer's byte formatting (``LineBuffer``): each fast path against a plain reference written the
/// obvious way (one division per digit, `String(radix:)`, `Double.rounded()`, byte-by-byte escaping).
@Suite("LineBuffer: numbers, hex and JSON strings against plain references")
struct LineBufferTests {
    /// The text one call writes into an empty buffer.
    private static func text(_ body: (inout LineBuffer) -> Void) -> String {
        var buffer = LineBuffer(capacity: 4096)
        buffer.reserve(1024)
        body(&buffer)
        return (try? buffer.withBytes { (bytes) throws(OutputError) in String(decoding: bytes, as: UTF8.self) }) ?? ""
    }

    /// `units / 10^decimals` with `decimals` digits after the point, by string surgery on the integer.
    private static func referenceFixed(_ units: Int64, decimals: Int, negativeZero: Bool = false) -> String {
        var digits = String(units.magnitude)
        while digits.count <= decimals { digits = "0" + digits }
        let sign = units < 0 || (units == 0 && negativeZero) ? "-" : ""
        guard decimals > 0 else { return sign + digits }
        return sign + digits.dropLast(decimals) + "." + digits.suffix(decimals)
    }

    /// Values around every power of ten and random ones of every length.
    private static var unsignedSamples: [UInt64] {
        var values: [UInt64] = [0, 1, 9, 10, 11, 99, 100, 101, UInt64.max, UInt64.max - 1, 1_685_577_600_232]
        var power: UInt64 = 1
        for _ in 0..<19 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        var random = SplitMix64(seed: 17)
        for bits in 1...64 {
            for _ in 0..<20 { values.append(random.next() >> UInt64(64 - bits)) }
        }
        return values
    }

    @Test("decimal integers, unsigned and signed")
    func integers() {
        for value in LineBufferTests.unsignedSamples {
            #expect(LineBufferTests.text { $0.put(unsigned: value) } == String(value))
            let signed = Int64(truncatingIfNeeded: value)
            #expect(LineBufferTests.text { $0.put(signed: signed) } == String(signed))
            #expect(LineBufferTests.text { $0.put(signed: -signed / 3) } == String(-signed / 3))
        }
        #expect(LineBufferTests.text { $0.put(signed: Int64.min) } == String(Int64.min))
    }

    @Test("fixed-point numbers with 0 to 6 decimals, negative zero included")
    func fixedPoint() {
        var random = SplitMix64(seed: 5)
        var samples: [Int64] = [0, 1, -1, 9, -9, 10, 10_000, -10_000, 12_345, -5, Int64.max, Int64.min + 1]
        for _ in 0..<2000 { samples.append(Int64(bitPattern: random.next()) >> Int64(random.next() % 63)) }
        for units in samples {
            for decimals in 0...6 {
                #expect(
                    LineBufferTests.text { $0.put(fixed: units, decimals: decimals) }
                        == LineBufferTests.referenceFixed(units, decimals: decimals),
                    "\(units) with \(decimals) decimals"
                )
            }
        }
        #expect(LineBufferTests.text { $0.put(fixed: 0, decimals: 3, negativeZero: true) } == "-0.000")
        #expect(LineBufferTests.text { $0.put(fixed: 0, decimals: 3, negativeZero: false) } == "0.000")
    }

    @Test("rounding to the nearest integer, ties away from zero, equals Double.rounded()")
    func rounding() {
        var random = SplitMix64(seed: 9)
        var samples: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994]
        samples += [4_503_599_627_370_495.5, -4_503_599_627_370_495.5, 9e18, -9e18, 0x1p52, 0x1p53 + 2]
        for _ in 0..<20_000 {
            let magnitude = Double(sign: .plus, exponent: Int(random.next() % 60) - 4, significand: 1)
            let value = (random.nextDouble() * 2 - 1) * magnitude
            samples += [value, value.rounded(.down) + 0.5, value.nextUp, value.nextDown]
        }
        for value in samples where abs(value) < 9.2e18 {
            #expect(LineBuffer.roundedHalfAwayFromZero(value) == Int64(value.rounded()), "\(value)")
        }
    }

    @Test("3-decimal numbers from doubles: rounding, negative zero, null")
    func milli() {
        var random = SplitMix64(seed: 3)
        var samples: [Double] = [0, -0.0, 0.0005, -0.0005, 0.0004999, -0.0004999, 40.109, -83.891, 1.0005, 8e15]
        for _ in 0..<20_000 { samples.append((random.nextDouble() - 0.5) * 400) }
        for value in samples {
            let expected = LineBufferTests.referenceFixed(
                Int64((value * 1000).rounded()),
                decimals: 3,
                negativeZero: value < 0
            )
            #expect(LineBufferTests.text { $0.put(milli: value) } == expected, "\(value)")
        }
        for value in [Double.nan, .infinity, -.infinity, 9e15, -1e16] {
            #expect(LineBufferTests.text { $0.put(milli: value) } == "null")
        }
    }

    @Test("hexadecimal without leading zeros, followed by more text")
    func hexadecimal() {
        var values: [UInt64] = [0, 1, 0xF, 0x10, 0xABC, 0x8c1f_b602_5121_dff, UInt64.max, 1 << 63]
        var random = SplitMix64(seed: 11)
        for bits in 1...64 {
            for _ in 0..<10 { values.append(random.next() >> UInt64(64 - bits)) }
        }
        for value in values {
            // The scratch bytes past the digits are covered by what follows.
            let written = LineBufferTests.text { buffer in
                buffer.put(hex: value)
                buffer.put("|")
            }
            #expect(written == String(value, radix: 16) + "|")
        }
    }

    @Test("JSON string literals: the 8-bytes-at-a-time check and the escaping agree with byte-by-byte escaping")
    func jsonStrings() {
        let specials: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x22, 0x5C, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
        var random = SplitMix64(seed: 23)
        for length in 0...70 {
            for trial in 0..<40 {
                var bytes = (0..<length).map { _ in UInt8(0x21 + random.next() % 0x5E) }
                // One special byte at every position in turn (trial 0 keeps the text plain).
                if trial > 0 && length > 0 {
                    bytes[Int(random.next() % UInt64(length))] = specials[Int(random.next() % UInt64(specials.count))]
                }
                let naivePlain = !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }
                bytes.withUnsafeBufferPointer { buffer in
                    #expect(LineBuffer.isPlainJSONText(buffer) == naivePlain, "\(bytes)")
                }
                let text = String(decoding: bytes, as: UTF8.self)
                var reference: [UInt8] = []
                JSONBytes.appendString(text, to: &reference)
                #expect(LineBufferTests.text { $0.put(jsonString: text) } == String(decoding: reference, as: UTF8.self))
            }
        }
    }

    @Test("a witness line's head is the kind, the poc_id and the pub_key label")
    func witnessLineHead() {
        let digest = SHA256Hasher.hash(Array("abc".utf8))
        let head = WitnessLineHead(pocID: VerdictFormatter.hex(digest))
        #expect(
            LineBufferTests.text { head.put(into: &$0) }
                == #"{"kind":"witness","poc_id":""# + digest.hexString + #"","pub_key":"#
        )
    }
}

/// The verdict formatter's lines do not depend on how full its buffer is.
@Suite("VerdictFormatter: room for long source names")
struct VerdictFormatterRoomTests {
    /// A PoC of `witnesses` reports, one of them invalid with a denylist tag.
    private static func poc(witnesses: Int) -> VerifiedPoC {
        let payload = PayloadBytes((0..<51).map { UInt8($0) })
        let beacon = BeaconReport(
            pubKey: "11zhTZb5BsXDXZH7oEbMmF1QuxHNMwLjkCCxsFgBbxEetRppAPh",
            receivedTimestampMs: 1_685_577_600_232,
            data: payload,
            frequencyHz: 867_900_000,
            txPowerDBm: 27,
            source: SourceLocation(file: "b", line: 7)
        )
        let reports = (0..<witnesses).map { index in
            WitnessReport(
                pubKey: "112QJTth1uD6gxWjh6zmWqXr3o2tYwzGZzVfUn7wZsdRrvw5JK\(index)",
                receivedTimestampMs: 1_685_577_600_492 + index,
                data: payload,
                signalDeciDBm: -1240 + index,
                frequencyHz: 867_900_000,
                source: SourceLocation(file: "w", line: 1 + index)
            )
        }
        var verdicts = reports.map { WitnessVerdict(invalid: .denied, side: .witness, rssiDBm: $0.rssiDBm) }
        verdicts[0].matchedDenylist = true
        verdicts[0].maxRSSIDBm = -83.8914
        verdicts[0].rssiMarginDB = -0.0001
        verdicts[0].location = H3Cell(rawValue: 0x8c1f_b602_4c98_9ff)
        let joined = JoinedPoC(
            beacon: beacon,
            beaconer: nil,
            inputIndex: 0,
            witnesses: reports,
            witnessHotspots: reports.map { _ in nil }
        )
        let result = PoCResult(
            payload: payload,
            beacon: BeaconVerdict(invalid: .gatewayNoValidWitnesses),
            witnesses: verdicts,
            denylistTag: "tag with \"quotes\" and \\ and \n"
        )
        return VerifiedPoC(joined: joined, result: result)
    }

    /// The lines of `poc` formatted into a buffer that starts with `capacity` bytes, `repeats` times.
    private static func lines(_ poc: VerifiedPoC, formatter: VerdictFormatter, capacity: Int, repeats: Int) -> [UInt8] {
        var buffer = LineBuffer(capacity: capacity)
        for _ in 0..<repeats { formatter.append(poc, to: &buffer) }
        return (try? buffer.withBytes { (bytes) throws(OutputError) in Array(bytes) }) ?? []
    }

    @Test("source names of thousands of bytes: a small buffer grows and writes the same lines as a large one")
    func longSourceNames() throws {
        let formatter = VerdictFormatter(
            beaconFile: String(repeating: "b", count: 3000),
            witnessFile: String(repeating: "w", count: 5000)
        )
        let poc = VerdictFormatterRoomTests.poc(witnesses: 3)
        let small = VerdictFormatterRoomTests.lines(poc, formatter: formatter, capacity: 4096, repeats: 5)
        let large = VerdictFormatterRoomTests.lines(poc, formatter: formatter, capacity: 1 << 20, repeats: 5)
        #expect(small == large)
        let text = String(decoding: small, as: UTF8.self)
        #expect(text.split(separator: "\n").count == 20)
        #expect(text.contains(#","source":""# + String(repeating: "w", count: 5000) + ":3" + #"","status":"#))
        let first = try #require(text.split(separator: "\n").dropFirst().first)
        #expect(first.contains(#""denylist_tag":"tag with \"quotes\" and \\ and \n""#))
        #expect(first.contains(#""location":"8c1fb6024c989ff""#))
        #expect(first.contains(#""rssi_dbm":-124.0,"max_rssi_dbm":-83.891,"rssi_margin_db":-0.000,"#))
    }
}
