import PocMapIO

/// Appending JSON and CSV text to byte buffers without building `String`s (the verdict writer's hot path).
package enum JSONBytes {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, ... or `\u00XX`; other bytes
    /// (UTF-8) as they are.
    @inline(__always)
    package static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var needsEscape = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
            needsEscape = true
            break
        }
        if !needsEscape {
            out.append(contentsOf: text.utf8)
        } else {
            for byte in text.utf8 {
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x00..<0x20, 0x7F:
                    out.append(contentsOf: Array(#"\u00"#.utf8))
                    out.append(digits[Int(byte >> 4)])
                    out.append(digits[Int(byte & 0x0F)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A decimal integer.
    @inline(__always)
    package static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, to: &out)
        } else {
            appendUnsigned(UInt64(value), to: &out)
        }
    }

    @inline(__always)
    package static func appendInt(_ value: Int, to out: inout [UInt8]) { appendInt(Int64(value), to: &out) }

    @inline(__always)
    package static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") &+ UInt8(value))
            return
        }
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, enough for 20 digits
        var length = 0
        withUnsafeMutableBytes(of: &buffer) { raw in
            var rest = value
            var position = 24
            while rest > 0 {
                position -= 1
                raw[position] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            }
            length = 24 - position
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[position..<24]))
        }
        _ = length
    }

    /// A fixed-point number with `decimals` digits after the point from an integer count of 10^-decimals units
    /// (`appendFixed(-12345, decimals: 4)` → `-1.2345`).
    package static func appendFixed(_ units: Int64, decimals: Int, negativeZero: Bool = false, to out: inout [UInt8]) {
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let magnitude = units.magnitude
        if units < 0 || (units == 0 && negativeZero) { out.append(UInt8(ascii: "-")) }
        appendUnsigned(magnitude / scale, to: &out)
        guard decimals > 0 else { return }
        out.append(UInt8(ascii: "."))
        var fraction = magnitude % scale
        var divisor = scale / 10
        while divisor > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// A `Double` rounded to 3 decimals (ties away from zero); a negative value that rounds to zero keeps its sign
    /// (`-0.000`), so a margin's sign always shows which side of a bound a report is on.
    @inline(__always)
    package static func appendMilli(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(contentsOf: Array("null".utf8))
            return
        }
        let units = Int64((value * 1000).rounded())
        appendFixed(units, decimals: 3, negativeZero: value < 0, to: &out)
    }

    /// An unsigned integer in lowercase hexadecimal without leading zeros (H3 cell indexes).
    @inline(__always)
    package static func appendHex(_ value: UInt64, to out: inout [UInt8]) {
        var shift = 60
        while shift > 0 && (value >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            out.append(digits[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    /// Lowercase hexadecimal of bytes.
    package static func appendHexBytes(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
    }

    /// A CSV field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF.
    package static func appendCSVField(_ text: String, to out: inout [UInt8]) {
        if text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                if byte == 0x22 { out.append(0x22) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: text.utf8)
        }
    }

    /// An RFC 3339 UTC date-time with milliseconds for a time in ms since the epoch
    /// (`2023-06-01T00:01:37.856Z`); proleptic Gregorian calendar.
    package static func rfc3339(milliseconds: Int64) -> String { RFC3339.string(milliseconds: milliseconds) }
}
