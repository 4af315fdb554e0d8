/// A non-negative decimal with exactly fifteen fractional digits, stored as the integer value × 10¹⁵ in 128 bits:
/// the precision of Helium's reward arithmetic (`DEFAULT_PREC` = 15 in helium/oracles `reward_share.rs`), exact
/// and free of Foundation. Used for pool sizes and rewards per share, in bones (10⁻⁸ HNT).
///
/// The range is 0 … about 3.4·10²³, far beyond any token supply in bones (≈ 2.2·10¹⁶).
public struct Decimal15: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 10¹⁵, the scale.
    public static let scale: UInt128 = 1_000_000_000_000_000

    /// The value × 10¹⁵.
    public let raw: UInt128

    /// The value `raw / 10¹⁵`.
    public init(raw: UInt128) { self.raw = raw }

    /// A whole number.
    public init(_ whole: UInt64) { self.raw = UInt128(whole) * Decimal15.scale }

    /// Zero.
    public static let zero = Decimal15(raw: 0)

    /// Parses a plain non-negative decimal such as `1`, `0.000359` or `12.5`; more than 15 fractional digits are
    /// accepted only when the extra digits are zeros. Returns nil for anything else or out of range.
    public init?(_ text: String) {
        var whole: UInt128 = 0
        var fraction: UInt128 = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if sawPoint { return nil }
                sawPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = UInt128(byte - UInt8(ascii: "0"))
            sawDigit = true
            if sawPoint {
                if fractionDigits < 15 {
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                } else if digit != 0 {
                    return nil
                }
            } else {
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2, sum <= UInt128.max / Decimal15.scale - 1 else { return nil }
                whole = sum
            }
        }
        guard sawDigit else { return nil }
        while fractionDigits < 15 {
            fraction *= 10
            fractionDigits += 1
        }
        raw = whole * Decimal15.scale + fraction
    }

    /// The integer part (truncation toward zero).
    public var wholePart: UInt128 { raw / Decimal15.scale }

    /// The value with all fifteen decimals, for example `13983286.908077994428969`.
    public var description: String {
        var fraction = String(raw % Decimal15.scale)
        while fraction.utf8.count < 15 { fraction = "0" + fraction }
        return String(raw / Decimal15.scale) + "." + fraction
    }

    /// Orders by value.
    public static func < (lhs: Decimal15, rhs: Decimal15) -> Bool { lhs.raw < rhs.raw }
}
