import Glibc
import PocMapIO
import Testing

/// The batch text helpers: the coordinate parser must read exactly what C's `strtod` reads (its fast path is
/// only a shortcut), and the output buffer must write the bytes it was given.
@Suite("Text batch helpers")
struct TextBatchTests {
    /// strtod on a whole field, independently of pocmap's code: the value when the field is one finite number.
    static func strtodValue(_ field: String) -> Double? {
        field.withCString { base -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(base, &end)
            guard let end, end != base, end.pointee == 0, value.isFinite else { return nil }
            return value
        }
    }

    static func parse(_ line: String) -> (Double, Double)? {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBufferPointer { parseCoordinatePair(UnsafeBufferPointer($0)) }
    }

    /// A random decimal: sign, 0 to 20 integer and fraction digits, sometimes an exponent; the digit counts cross
    /// the fast path's limits (19 significant digits, 2^53, 10^±22) on purpose.
    static func randomNumber(_ rng: inout SplitMix64) -> String {
        var text = ["", "-", "+", ""][rng.below(4)]
        let integerDigits = rng.below(5) == 0 ? rng.below(21) : rng.below(4)
        let fractionDigits = rng.below(5) == 0 ? rng.below(21) : rng.below(10)
        for _ in 0..<integerDigits { text += String(rng.below(10)) }
        if fractionDigits > 0 || rng.below(3) == 0 {
            text += "."
            for _ in 0..<fractionDigits { text += String(rng.below(10)) }
        }
        if rng.below(6) == 0 { text += ["e", "E", "e-", "e+"][rng.below(4)] + String(rng.below(40)) }
        return text
    }

    @Test("random decimals: the same doubles, bit for bit, as strtod; the same lines rejected")
    func matchesStrtod() {
        var rng = SplitMix64(seed: 20_261_126)
        var accepted = 0
        for _ in 0..<200_000 {
            let a = Self.randomNumber(&rng)
            let b = Self.randomNumber(&rng)
            let separator = [",", ", ", " , ", "\t", " "][rng.below(5)]
            let line = (rng.below(8) == 0 ? " " : "") + a + separator + b + (rng.below(8) == 0 ? "\t" : "")
            let got = Self.parse(line)
            if let x = Self.strtodValue(a), let y = Self.strtodValue(b) {
                accepted += 1
                guard let got else {
                    Issue.record("rejected \(line.debugDescription), strtod reads \(x), \(y)")
                    continue
                }
                #expect(
                    got.0.bitPattern == x.bitPattern && got.1.bitPattern == y.bitPattern,
                    "\(line.debugDescription)"
                )
            } else {
                #expect(got == nil, "accepted \(line.debugDescription), which strtod does not read as two numbers")
            }
        }
        #expect(accepted > 100_000)
    }

    @Test("hard cases: halfway values, long mantissas, signed zeros, limits of the fast path")
    func hardCases() throws {
        let numbers = [
            "37.7749", "-122.4194", "0", "-0", "-0.0", "+0.000", "90", "-90.000000000", "1e-9", "-1E-9", "180.",
            ".5", "9007199254740993", "9007199254740992.5", "0.1000000000000000055511151231257827",
            "123456789012345678901234567890", "1e22", "1e23", "8.5e-23", "2.2250738585072011e-308",
            "4.9406564584124654e-324", "1.7976931348623157e308", "0.30000000000000004", "89.99999999999999",
            "0x1.8p+1", "00000000000000000000000012.5",
        ]
        for lat in numbers {
            for lng in ["1", "-33.333333333333336"] {
                let line = "\(lat),\(lng)"
                let got = try #require(Self.parse(line), "\(line)")
                let want = (Self.strtodValue(lat)!, Self.strtodValue(lng)!)
                #expect(got.0.bitPattern == want.0.bitPattern && got.1.bitPattern == want.1.bitPattern, "\(line)")
            }
        }
        for bad in ["", "1", "1,", ",1", "1,2,3", "a,b", "1e,2", "1,2x", "nan,1", "1,inf", "1;2", "--1,2", ". ,1"] {
            #expect(Self.parse(bad) == nil, "\(bad.debugDescription)")
        }
        #expect(Self.parse(String(repeating: " ", count: 130) + "1,2") == nil, "lines of 128 bytes or more")
    }

    @Test("OutputBuffer writes bytes, strings and hex cells through a file descriptor, across flushes")
    func outputBuffer() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        var expected: [UInt8] = []
        do {
            var output = OutputBuffer(fileDescriptor: fds[1], capacity: 100)
            var rng = SplitMix64(seed: 7)
            for i in 0..<500 {
                let value = i % 50 == 0 ? 0 : rng.next() >> UInt64(rng.below(64))
                try output.appendHex(value)
                expected += Array(String(value, radix: 16).utf8)
                try output.append(i % 2 == 0 ? 0x0A : 0x20)
                expected.append(i % 2 == 0 ? 0x0A : 0x20)
                if i % 97 == 0 {
                    try output.append("é,\(i)")
                    expected += Array("é,\(i)".utf8)
                }
            }
            try output.flush()
        }
        close(fds[1])
        var got: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            got += chunk[0..<n]
        }
        close(fds[0])
        #expect(got == expected)
    }
}

extension SplitMix64 {
    /// A seeded draw in `0..<n` (the generator is Support.swift's, so failures reproduce).
    fileprivate mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
