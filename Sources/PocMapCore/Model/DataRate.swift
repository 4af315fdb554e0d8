/// A LoRa data rate, named and numbered exactly as Helium's `data_rate` protobuf enum
/// (helium/proto `src/data_rate.proto`; listed in `POC-RULES.md` §8).
///
/// `SF12BW125` is spreading factor 12 on a 125 kHz channel; the LR-FHSS and FSK rates have no spreading factor.
public enum DataRate: UInt8, CaseIterable, Hashable, Comparable, Sendable, CustomStringConvertible {
    case sf12bw125 = 0
    case sf11bw125 = 1
    case sf10bw125 = 2
    case sf9bw125 = 3
    case sf8bw125 = 4
    case sf7bw125 = 5
    case sf12bw250 = 6
    case sf11bw250 = 7
    case sf10bw250 = 8
    case sf9bw250 = 9
    case sf8bw250 = 10
    case sf7bw250 = 11
    case sf12bw500 = 12
    case sf11bw500 = 13
    case sf10bw500 = 14
    case sf9bw500 = 15
    case sf8bw500 = 16
    case sf7bw500 = 17
    case lrfhss1bw137 = 18
    case lrfhss2bw137 = 19
    case lrfhss1bw336 = 20
    case lrfhss2bw336 = 21
    case lrfhss1bw1523 = 22
    case lrfhss2bw1523 = 23
    case fsk50 = 24

    /// The Helium name, for example `SF9BW125`, `LRFHSS1BW137` or `FSK50`.
    public var name: String {
        switch self {
        case .sf12bw125: "SF12BW125"
        case .sf11bw125: "SF11BW125"
        case .sf10bw125: "SF10BW125"
        case .sf9bw125: "SF9BW125"
        case .sf8bw125: "SF8BW125"
        case .sf7bw125: "SF7BW125"
        case .sf12bw250: "SF12BW250"
        case .sf11bw250: "SF11BW250"
        case .sf10bw250: "SF10BW250"
        case .sf9bw250: "SF9BW250"
        case .sf8bw250: "SF8BW250"
        case .sf7bw250: "SF7BW250"
        case .sf12bw500: "SF12BW500"
        case .sf11bw500: "SF11BW500"
        case .sf10bw500: "SF10BW500"
        case .sf9bw500: "SF9BW500"
        case .sf8bw500: "SF8BW500"
        case .sf7bw500: "SF7BW500"
        case .lrfhss1bw137: "LRFHSS1BW137"
        case .lrfhss2bw137: "LRFHSS2BW137"
        case .lrfhss1bw336: "LRFHSS1BW336"
        case .lrfhss2bw336: "LRFHSS2BW336"
        case .lrfhss1bw1523: "LRFHSS1BW1523"
        case .lrfhss2bw1523: "LRFHSS2BW1523"
        case .fsk50: "FSK50"
        }
    }

    /// The Helium name (same as ``name``).
    public var description: String { name }

    /// The LoRa spreading factor (7...12), or `nil` for LR-FHSS and FSK rates.
    public var spreadingFactor: Int? {
        rawValue < 18 ? 12 - Int(rawValue % 6) : nil
    }

    /// The channel bandwidth in Hz as the name states it (125 000, 250 000, 500 000, 137 000, 336 000,
    /// 1 523 000), or `nil` for `FSK50`, whose name carries a bit rate (50 kbit/s), not a bandwidth.
    public var bandwidthHz: Int? {
        switch self {
        case .sf12bw125, .sf11bw125, .sf10bw125, .sf9bw125, .sf8bw125, .sf7bw125: 125_000
        case .sf12bw250, .sf11bw250, .sf10bw250, .sf9bw250, .sf8bw250, .sf7bw250: 250_000
        case .sf12bw500, .sf11bw500, .sf10bw500, .sf9bw500, .sf8bw500, .sf7bw500: 500_000
        case .lrfhss1bw137, .lrfhss2bw137: 137_000
        case .lrfhss1bw336, .lrfhss2bw336: 336_000
        case .lrfhss1bw1523, .lrfhss2bw1523: 1_523_000
        case .fsk50: nil
        }
    }

    /// Parses a Helium data-rate name, ignoring ASCII case (`SF9BW125`, `sf9bw125`).
    /// Returns `nil` for any other text.
    public init?(name: String) {
        var copy = name
        let parsed = copy.withUTF8 { DataRate(asciiName: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses a Helium data-rate name from UTF-8 bytes, ignoring ASCII case, without allocating.
    /// Returns `nil` for any other byte sequence.
    public init?(asciiName bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        func upper(_ byte: UInt8) -> UInt8 { byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte }
        func take(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where upper(bytes[index + offset]) != word.utf8Start[offset] { return false }
            index += count
            return true
        }
        func number() -> Int? {
            var value = 0
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - start < 4 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            guard index > start, bytes[start] != 0x30 || index - start == 1 else { return nil }  // no leading zeros
            return value
        }
        var raw: Int?
        if take("SF") {
            if let factor = number(), (7...12).contains(factor), take("BW"), let width = number() {
                let group: Int? = width == 125 ? 0 : width == 250 ? 1 : width == 500 ? 2 : nil
                raw = group.map { $0 * 6 + 12 - factor }
            }
        } else if take("LRFHSS") {
            if let variant = number(), (1...2).contains(variant), take("BW"), let width = number() {
                let group: Int? = width == 137 ? 0 : width == 336 ? 1 : width == 1523 ? 2 : nil
                raw = group.map { 18 + $0 * 2 + variant - 1 }
            }
        } else if take("FSK50") {
            raw = 24
        }
        guard let raw, index == bytes.count, let rate = DataRate(rawValue: UInt8(raw)) else { return nil }
        self = rate
    }

    /// Orders by Helium enum number.
    public static func < (lhs: DataRate, rhs: DataRate) -> Bool { lhs.rawValue < rhs.rawValue }
}
