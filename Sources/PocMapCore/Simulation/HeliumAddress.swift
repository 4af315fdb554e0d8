/// A Helium-style hotspot address: the base58check text of a public key, as the network prints hotspot keys
/// (`112pBk8HX5gaeQHR62gYzRAcLgWUBTtGM2iVGWX4ePGDDRXnHo57`).
///
/// The encoded bytes are `[0x00 version][0x00 key tag: mainnet ECC-compact][32 key bytes][4-byte checksum]`,
/// where the checksum is the first four bytes of SHA-256(SHA-256(version ‖ tag ‖ key)) (Bitcoin's base58check,
/// used by helium-crypto). The text, 51 or 52 ASCII characters, is stored inline: copying an address costs no
/// heap allocation and no reference counting.
public struct HeliumAddress: Hashable, Sendable, CustomStringConvertible {
    /// The largest text length stored (base58 of 38 bytes needs at most 52 characters).
    public static let capacity = 56

    private typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private var words: Words = (0, 0, 0, 0, 0, 0, 0)
    /// The number of ASCII characters.
    public private(set) var count: Int = 0

    private static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// The address of a 32-byte public key (only the first 32 bytes of `keyBytes` are used; fewer are zero
    /// padded).
    public init(publicKey keyBytes: some Collection<UInt8>) {
        var binary = [UInt8](repeating: 0, count: 33)  // key tag 0x00 (mainnet ECC-compact), then the key
        for (offset, byte) in keyBytes.prefix(32).enumerated() { binary[1 + offset] = byte }
        self.init(checkedBinaryKey: binary)
    }

    /// The largest binary key ``init(binaryKey:)`` accepts, in bytes (its address still fits ``capacity``).
    public static let maxBinaryKeyBytes = 36

    /// The address of a binary Helium key as carried in protobuf `pub_key` fields (helium-crypto's
    /// `PublicKey::to_vec`: a key-type byte, then the key; 33 bytes for ECC-compact and Ed25519 keys): the
    /// base58check of version byte 0x00 ‖ key. `nil` when the key is empty or longer than ``maxBinaryKeyBytes``.
    public init?(binaryKey: some Collection<UInt8>) {
        guard !binaryKey.isEmpty && binaryKey.count <= HeliumAddress.maxBinaryKeyBytes else { return nil }
        self.init(checkedBinaryKey: Array(binaryKey))
    }

    /// base58check(0x00 ‖ key) for a key of at most ``maxBinaryKeyBytes`` bytes.
    private init(checkedBinaryKey key: [UInt8]) {
        var payload: [UInt8] = [0x00]
        payload.append(contentsOf: key)
        let checksum = SHA256Hasher.hash(SHA256Hasher.hash(payload).bytes).bytes
        payload.append(contentsOf: checksum.prefix(4))
        self.init(base58Of: payload)
    }

    /// Base58 of arbitrary bytes (leading zero bytes become leading `1`s), truncated to ``capacity`` characters.
    ///
    /// The number is held in 32-bit limbs and divided by 58⁵ = 656 356 768 (which fits in 32 bits) at a time,
    /// yielding five digits per pass: about 12 passes for a 38-byte address instead of one per digit.
    private init(base58Of bytes: [UInt8]) {
        let zeros = bytes.prefix { $0 == 0 }.count
        // Big-endian 32-bit limbs of the number (most significant first), padded at the front.
        var limbs = [UInt32](repeating: 0, count: (bytes.count + 3) / 4)
        let padding = limbs.count * 4 - bytes.count
        for (offset, byte) in bytes.enumerated() {
            let position = offset + padding
            limbs[position / 4] |= UInt32(byte) << UInt32(24 - 8 * (position % 4))
        }
        var digits: [UInt8] = []  // least significant first
        digits.reserveCapacity(bytes.count * 138 / 100 + 5)
        var first = 0
        while first < limbs.count {
            var remainder: UInt64 = 0
            for index in first..<limbs.count {
                let value = remainder << 32 | UInt64(limbs[index])
                limbs[index] = UInt32(value / 656_356_768)
                remainder = value % 656_356_768
            }
            while first < limbs.count && limbs[first] == 0 { first += 1 }
            // Five base-58 digits of the remainder (leading zero digits only while more limbs follow).
            for _ in 0..<5 {
                if remainder == 0 && first >= limbs.count { break }
                digits.append(UInt8(remainder % 58))
                remainder /= 58
            }
        }
        var text = [UInt8](repeating: HeliumAddress.alphabet[0], count: zeros)
        for digit in digits.reversed() { text.append(HeliumAddress.alphabet[Int(digit)]) }
        let length = min(text.count, HeliumAddress.capacity)
        count = length
        withUnsafeMutableBytes(of: &words) { raw in
            for index in 0..<length { raw[index] = text[index] }
        }
    }

    /// Calls `body` with the ASCII text.
    @inline(__always)
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var copy = words
        let length = count
        return try Swift.withUnsafeBytes(of: &copy) { raw in
            try body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<length]))
        }
    }

    /// The address text.
    public var description: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// Byte-wise equality of the text.
    public static func == (lhs: HeliumAddress, rhs: HeliumAddress) -> Bool {
        lhs.count == rhs.count && lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4
            && lhs.words.5 == rhs.words.5 && lhs.words.6 == rhs.words.6
    }

    /// Hashes the text.
    public func hash(into hasher: inout Hasher) {
        withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Decodes a base58check address back to its 32 key bytes, checking version, tag and checksum; `nil` when the
    /// text is not such an address.
    public static func publicKey(of text: String) -> [UInt8]? {
        var value: [UInt8] = []  // big-endian bytes, least significant last
        for character in text.utf8 {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            var carry = digit
            for index in value.indices.reversed() {
                carry += Int(value[index]) * 58
                value[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                value.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        let zeros = text.utf8.prefix { $0 == alphabet[0] }.count
        let bytes = [UInt8](repeating: 0, count: zeros) + value
        guard bytes.count == 38, bytes[0] == 0, bytes[1] == 0 else { return nil }
        let checksum = SHA256Hasher.hash(SHA256Hasher.hash(bytes[0..<34]).bytes).bytes
        guard Array(checksum.prefix(4)) == Array(bytes[34..<38]) else { return nil }
        return Array(bytes[2..<34])
    }
}
