/// A decimal number with exactly four fractional digits, such as a HIP-17 hex scale (`0.5015`) or a HIP-15
/// reward unit (`1.3600`).
///
/// Helium puts these quantities on the wire as integers × 10⁴ (5015 means 0.5015); `Decimal4` stores that same
/// integer, ``tenThousandths``, so it is exact, cheap to copy and free of Foundation. Its ``description`` always
/// prints four decimals (`1.0000`), the form used by `density.csv` and `verdicts.ndjson`.
///
/// Values are produced from exact fractions by ``rounded(numerator:denominator:)``, which rounds half to even
/// ("banker's rounding", rust_decimal's `round_dp`), as `POC-RULES.md` §5.2 and §6.4 require.
public struct Decimal4: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value × 10 000, for example 5015 for 0.5015.
    public let tenThousandths: Int64

    /// Creates the value `tenThousandths / 10 000`.
    public init(tenThousandths: Int64) {
        self.tenThousandths = tenThousandths
    }

    /// Zero.
    public static let zero = Decimal4(tenThousandths: 0)
    /// One.
    public static let one = Decimal4(tenThousandths: 10_000)

    /// Parses a plain decimal such as `0.5`, `1.3600`, `-2` or `.25`. More than four fractional digits are
    /// accepted only when the extra digits are zeros (the value must be exact); anything else returns `nil`.
    public init?(_ text: String) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if sawPoint { return nil }
                sawPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            sawDigit = true
            if sawPoint {
                if fractionDigits < 4 {
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                } else if digit != 0 {
                    return nil
                }
            } else {
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(digit)
                // Keep room for the × 10 000 below.
                if overflow1 || overflow2 || sum > Int64.max / 10_000 - 1 { return nil }
                whole = sum
            }
        }
        guard sawDigit else { return nil }
        while fractionDigits < 4 {
            fraction *= 10
            fractionDigits += 1
        }
        let magnitude = whole * 10_000 + fraction
        self.tenThousandths = negative ? -magnitude : magnitude
    }

    /// The value with exactly four decimals, for example `0.2500`, `1.0000` or `-0.0312`.
    public var description: String {
        let magnitude = tenThousandths.magnitude
        let whole = magnitude / 10_000
        let fraction = magnitude % 10_000
        var fractionText = String(fraction)
        while fractionText.utf8.count < 4 { fractionText = "0" + fractionText }
        return (tenThousandths < 0 ? "-" : "") + String(whole) + "." + fractionText
    }

    /// The nearest `Double` (for plotting and statistics; never for further exact arithmetic).
    public var doubleValue: Double { Double(tenThousandths) / 10_000 }

    /// Orders by value.
    public static func < (lhs: Decimal4, rhs: Decimal4) -> Bool { lhs.tenThousandths < rhs.tenThousandths }

    /// Rounds the exact fraction `numerator / denominator` to four decimals, half to even.
    ///
    /// The result is exact: no floating point decides it. `denominator` must be positive and `numerator`
    /// non-negative (programmer errors otherwise).
    public static func rounded(numerator: UInt64, denominator: UInt64) -> Decimal4 {
        precondition(denominator > 0, "Decimal4.rounded: zero denominator")
        // One 128-by-64-bit division when the quotient fits (always, for scales and reward units): the wide path
        // below costs several 512-bit products (≈ 2 % of a verify run's verifying thread, 48 density maps a day).
        let scaled = numerator.multipliedFullWidth(by: 10_000)
        if scaled.high < denominator {
            let (quotient, remainder) = denominator.dividingFullWidth(scaled)
            if quotient < 900_000_000_000_000 {
                // Half to even: up when the remainder exceeds half the denominator, or equals it and q is odd.
                let rest = denominator - remainder
                let roundUp = remainder > rest || (remainder == rest && quotient % 2 == 1)
                return Decimal4(tenThousandths: Int64(quotient + (roundUp ? 1 : 0)))
            }
        }
        return rounded(numerator: WideUInt(numerator), denominator: WideUInt(denominator))
    }

    /// Rounds `numerator / denominator` to four decimals, half to even, with wide operands (internal).
    static func rounded(numerator: WideUInt, denominator: WideUInt) -> Decimal4 {
        // q = floor(10 000 · n / d), found exactly by comparing products (no wide division needed):
        // start from the floating-point estimate, then correct it by whole steps.
        var scaled = numerator
        scaled.multiply(by: 10_000)
        let estimate = (numerator.doubleValue / denominator.doubleValue) * 10_000
        precondition(estimate.isFinite && estimate < 9.0e14, "Decimal4.rounded: value out of range")
        var quotient = UInt64(estimate)
        func product(_ q: UInt64) -> WideUInt {
            var value = denominator
            value.multiply(by: q)
            return value
        }
        // Step down while q·d > 10 000·n, then up while (q + 1)·d ≤ 10 000·n. The estimate's relative error is
        // below 10⁻¹⁵ and q < 9·10¹⁴, so each loop runs at most once or twice; they are exact for any estimate.
        while quotient > 0 && product(quotient) > scaled { quotient -= 1 }
        while product(quotient + 1) <= scaled { quotient += 1 }
        // Compare the remainder with half the denominator: 2·(10 000·n) against (2q + 1)·d.
        var twiceScaled = scaled
        twiceScaled.multiply(by: 2)
        let midpoint = product(2 * quotient + 1)
        let roundUp: Bool
        if twiceScaled > midpoint {
            roundUp = true
        } else if twiceScaled < midpoint {
            roundUp = false
        } else {
            roundUp = quotient % 2 == 1  // an exact tie: to even
        }
        return Decimal4(tenThousandths: Int64(quotient + (roundUp ? 1 : 0)))
    }
}

/// A fixed-width unsigned integer of 512 bits, just wide enough for exact products of up to eight 64-bit
/// factors; used only to round fractions exactly. Supports multiply by a 64-bit factor, addition and
/// comparison. Overflow beyond 512 bits is a programmer error (a precondition).
struct WideUInt: Comparable, Sendable {
    /// Little-endian 64-bit limbs.
    private var limbs: SIMD8<UInt64>

    /// The value `value`.
    init(_ value: UInt64) {
        limbs = SIMD8<UInt64>(repeating: 0)
        limbs[0] = value
    }

    /// `self *= factor`.
    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in 0..<8 {
            let (high, low) = limbs[index].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = high &+ (overflow ? 1 : 0)  // high ≤ 2⁶⁴ − 2, so this cannot wrap
        }
        precondition(carry == 0, "WideUInt overflow")
    }

    /// `self += other`.
    mutating func add(_ other: WideUInt) {
        var carry: UInt64 = 0
        for index in 0..<8 {
            let (partial, overflow1) = limbs[index].addingReportingOverflow(other.limbs[index])
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        precondition(carry == 0, "WideUInt overflow")
    }

    /// `self − other`; `other` must not exceed `self` (a precondition).
    func subtracting(_ other: WideUInt) -> WideUInt {
        precondition(!(self < other), "WideUInt underflow")
        var result = self
        var borrow: UInt64 = 0
        for index in 0..<8 {
            let (partial, overflow1) = limbs[index].subtractingReportingOverflow(other.limbs[index])
            let (difference, overflow2) = partial.subtractingReportingOverflow(borrow)
            result.limbs[index] = difference
            borrow = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        return result
    }

    /// The nearest `Double` (relative error below 2⁻⁵²).
    var doubleValue: Double {
        var result = 0.0
        for index in (0..<8).reversed() {
            result = result * 18_446_744_073_709_551_616.0 + Double(limbs[index])
        }
        return result
    }

    static func < (lhs: WideUInt, rhs: WideUInt) -> Bool {
        for index in (0..<8).reversed() where lhs.limbs[index] != rhs.limbs[index] {
            return lhs.limbs[index] < rhs.limbs[index]
        }
        return false
    }

    static func == (lhs: WideUInt, rhs: WideUInt) -> Bool {
        lhs.limbs == rhs.limbs
    }
}
