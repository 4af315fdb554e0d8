/// Decoding of payload text (`data`, entropy fields): base64 in the standard (`+/`) or URL (`-_`) alphabet,
/// with or without `=` padding, or hexadecimal with a `0x` prefix.
enum PayloadText {
    /// Decodes `text` into `target` (room for `text.count` bytes) and returns the byte count, or a reason.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into target: UnsafeMutablePointer<UInt8>) -> Result<
        Int, PayloadTextError
    > {
        if text.count >= 2 && text[0] == UInt8(ascii: "0")
            && (text[1] == UInt8(ascii: "x") || text[1] == UInt8(ascii: "X"))
        {
            // Base64 text may begin with "0x" too (2 in 4096 random payloads do): it is hex only when all
            // that follows is an even number of hex digits; otherwise it is read as base64.
            let hex = decodeHex(UnsafeBufferPointer(rebasing: text[2...]), into: target)
            if case .success = hex { return hex }
            if case .success(let count) = decodeBase64(text, into: target) { return .success(count) }
            return hex
        }
        return decodeBase64(text, into: target)
    }

    /// Why payload text is not valid.
    enum PayloadTextError: Error {
        case badHexDigit(position: Int, byte: UInt8)
        case oddHexLength
        case badBase64Character(position: Int, byte: UInt8)
        case badBase64Length(Int)
        case misplacedPadding(position: Int)

        /// A message fragment: "invalid base64 character '!' at position 5".
        var message: String {
            switch self {
            case .badHexDigit(let position, let byte):
                byte >= 0x21 && byte < 0x7F
                    ? "invalid hex digit '\(String(UnicodeScalar(byte)))' at position \(position + 3)"
                    : "invalid hex byte 0x\(JSONScanner.hex2(byte)) at position \(position + 3)"
            case .oddHexLength: "hex text after '0x' has an odd number of digits"
            case .badBase64Character(let position, let byte):
                byte >= 0x21 && byte < 0x7F
                    ? "invalid base64 character '\(String(UnicodeScalar(byte)))' at position \(position + 1)"
                    : "invalid base64 byte 0x\(JSONScanner.hex2(byte)) at position \(position + 1)"
            case .badBase64Length(let count):
                "base64 text of \(count) characters is cut short (one character left over)"
            case .misplacedPadding(let position): "misplaced base64 padding '=' at position \(position + 1)"
            }
        }
    }

    private static func decodeHex(_ digits: UnsafeBufferPointer<UInt8>, into target: UnsafeMutablePointer<UInt8>)
        -> Result<Int, PayloadTextError>
    {
        var written = 0
        var index = 0
        var high: UInt8 = 0
        while index < digits.count {
            guard let value = JSONScanner.hexValue(digits[index]) else {
                return .failure(.badHexDigit(position: index, byte: digits[index]))
            }
            if index & 1 == 0 {
                high = value
            } else {
                target[written] = high << 4 | value
                written += 1
            }
            index += 1
        }
        guard digits.count % 2 == 0 else { return .failure(.oddHexLength) }
        return .success(written)
    }

    /// 0...63 for the two alphabets, 0xFF otherwise.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "+"))] = 62
        table[Int(UInt8(ascii: "/"))] = 63
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    private static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>, into target: UnsafeMutablePointer<UInt8>)
        -> Result<Int, PayloadTextError>
    {
        var length = text.count
        var padding = 0
        while length > 0 && text[length - 1] == UInt8(ascii: "=") && padding < 2 {
            length -= 1
            padding += 1
        }
        if padding > 0 && text.count % 4 != 0 { return .failure(.misplacedPadding(position: length)) }
        if length % 4 == 1 { return .failure(.badBase64Length(length)) }
        return base64Values.withUnsafeBufferPointer { values in
            var written = 0
            var index = 0
            // Whole quanta: 4 characters → 3 bytes.
            while length - index >= 4 {
                let a = UInt32(values[Int(text[index])])
                let b = UInt32(values[Int(text[index + 1])])
                let c = UInt32(values[Int(text[index + 2])])
                let d = UInt32(values[Int(text[index + 3])])
                guard (a | b | c | d) & 0x80 == 0 else { break }  // an invalid character: found below
                let quantum = a << 18 | b << 12 | c << 6 | d
                target[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                target[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                target[written + 2] = UInt8(truncatingIfNeeded: quantum)
                written += 3
                index += 4
            }
            var accumulator: UInt32 = 0
            var bits = 0
            while index < length {
                let byte = text[index]
                let value = values[Int(byte)]
                guard value != 0xFF else {
                    return byte == UInt8(ascii: "=")
                        ? .failure(.misplacedPadding(position: index))
                        : .failure(.badBase64Character(position: index, byte: byte))
                }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    target[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                    written += 1
                }
                index += 1
            }
            return .success(written)
        }
    }
}
