/// A decimal number scanned from text, kept exact: `±mantissa × 10^exponent`, plus a note of any digits beyond
/// the 19 significant ones the mantissa can hold.
///
/// Integers convert exactly (no trip through `Double`), so a 19-digit nanosecond timestamp survives; doubles
/// take Clinger's exact fast path when the mantissa has at most 15 digits and |exponent| ≤ 22, and the
/// standard library's correctly rounded parser otherwise.
struct DecimalNumber {
    var negative = false
    /// The first (at most 19) significant digits.
    var mantissa: UInt64 = 0
    var significantDigits = 0
    /// Value = mantissa × 10^exponent when no digit was dropped.
    var exponent = 0
    /// A nonzero digit was dropped after the 19th significant digit, in the fractional part.
    var droppedFractionDigit = false
    /// A digit was dropped in the integer part (the integer part has more than 19 significant digits).
    var droppedIntegerDigit = false
    /// Written with a `.` or an exponent.
    var hasFractionOrExponent = false

    /// Why a number could not be converted.
    enum ConversionFailure: Error {
        case notAnInteger
        case outOfRange
        case notFinite
    }

    /// Scans `bytes[range]` as a number. Strict JSON grammar `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`,
    /// or with `lenient` (CSV cells) also a leading `+`, leading zeros, and a bare leading or trailing `.`.
    /// Returns `nil` when the text is not a number in that grammar.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, lenient: Bool) -> DecimalNumber? {
        var number = DecimalNumber()
        let count = bytes.count
        var index = 0
        guard count > 0 else { return nil }
        if bytes[0] == UInt8(ascii: "-") {
            number.negative = true
            index = 1
        } else if lenient && bytes[0] == UInt8(ascii: "+") {
            index = 1
        }
        // Integer part.
        let integerStart = index
        if !lenient && index < count && bytes[index] == UInt8(ascii: "0") && index + 1 < count
            && bytes[index + 1] >= UInt8(ascii: "0") && bytes[index + 1] <= UInt8(ascii: "9")
        {
            return nil  // JSON forbids leading zeros
        }
        while index < count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            number.addDigit(digit, inFraction: false)
            index += 1
        }
        let integerDigits = index - integerStart
        var fractionDigits = 0
        if index < count && bytes[index] == UInt8(ascii: ".") {
            number.hasFractionOrExponent = true
            index += 1
            let fractionStart = index
            while index < count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
                number.addDigit(digit, inFraction: true)
                index += 1
            }
            fractionDigits = index - fractionStart
            if fractionDigits == 0 && !lenient { return nil }
        }
        if integerDigits == 0 && (!lenient || fractionDigits == 0) { return nil }
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            number.hasFractionOrExponent = true
            index += 1
            var exponentNegative = false
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var value = 0
            while index < count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
                if value < 1_000_000 { value = value * 10 + Int(digit) }  // clamp: far beyond any finite double
                index += 1
            }
            if index == exponentStart { return nil }
            number.exponent += exponentNegative ? -value : value
        }
        return index == count ? number : nil
    }

    private mutating func addDigit(_ digit: UInt8, inFraction: Bool) {
        if significantDigits == 0 && digit == 0 {
            if inFraction { exponent -= 1 }  // leading zeros: not significant
            return
        }
        if significantDigits < 19 {
            mantissa = mantissa &* 10 &+ UInt64(digit)
            significantDigits += 1
            if inFraction { exponent -= 1 }
        } else if inFraction {
            if digit != 0 { droppedFractionDigit = true }
        } else {
            droppedIntegerDigit = true
            exponent += 1
        }
    }

    /// The exact integer value. Fails when the number has a nonzero fractional part or does not fit `Int`.
    func exactInteger() throws(ConversionFailure) -> Int {
        if droppedIntegerDigit { throw .outOfRange }
        if droppedFractionDigit { throw .notAnInteger }
        var value = mantissa
        var power = exponent
        if value == 0 { return 0 }
        while power < 0 && value % 10 == 0 {
            value /= 10
            power += 1
        }
        if power < 0 { throw .notAnInteger }
        while power > 0 {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { throw .outOfRange }
            value = product
            power -= 1
        }
        if negative {
            guard value <= UInt64(Int.max) + 1 else { throw .outOfRange }
            return value == UInt64(Int.max) + 1 ? Int.min : -Int(value)
        }
        guard value <= UInt64(Int.max) else { throw .outOfRange }
        return Int(value)
    }

    /// The nearest `Double`; `text` must be the bytes this number was scanned from.
    func double(text: UnsafeBufferPointer<UInt8>) throws(ConversionFailure) -> Double {
        if mantissa == 0 && !droppedFractionDigit && !droppedIntegerDigit {
            return negative ? -0.0 : 0.0
        }
        var result: Double
        if significantDigits <= 15 && !droppedIntegerDigit && !droppedFractionDigit && exponent >= -22
            && exponent <= 22
        {
            // Clinger's fast path: both operands are exact doubles, so one IEEE operation rounds correctly.
            let base = Double(mantissa)
            let scale = DecimalNumber.powersOfTen[abs(exponent)]
            result = exponent < 0 ? base / scale : base * scale
            if negative { result = -result }
        } else {
            // Rare: the standard library's correctly rounded conversion.
            let string = String(decoding: text, as: UTF8.self)
            guard let parsed = Double(string) else { throw .notFinite }
            result = parsed
        }
        guard result.isFinite else { throw .notFinite }
        return result
    }

    /// 1e0 ... 1e22, all exactly representable.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]
}
