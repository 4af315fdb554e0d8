/// An immutable byte string used for report payloads and entropy: compact, hashable, cheap to copy.
///
/// Up to ``inlineCapacity`` (64) bytes live inline, with no heap allocation; a 51-byte Helium beacon payload
/// therefore costs nothing to store and hashes in one pass, which makes it a good dictionary key for joining
/// witnesses to beacons. Longer strings spill to a heap array. Equality and hashing are over the bytes only.
public struct PayloadBytes: Hashable, Sendable, RandomAccessCollection, CustomStringConvertible {
    /// The largest byte count stored without a heap allocation.
    public static let inlineCapacity = 64

    private typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The bytes when `length <= inlineCapacity`, zero padded; all zero otherwise.
    private var words: Words = (0, 0, 0, 0, 0, 0, 0, 0)
    /// The byte count.
    private var length: Int = 0
    /// The bytes when `length > inlineCapacity`; empty otherwise.
    private var spill: [UInt8] = []

    /// The empty byte string.
    public init() {}

    /// Copies bytes from raw memory.
    public init(_ bytes: UnsafeRawBufferPointer) {
        length = bytes.count
        if bytes.count <= PayloadBytes.inlineCapacity {
            if let base = bytes.baseAddress, bytes.count > 0 {
                withUnsafeMutableBytes(of: &words) { $0.baseAddress?.copyMemory(from: base, byteCount: bytes.count) }
            }
        } else {
            spill = Array(bytes)
        }
    }

    /// Copies bytes from a typed buffer.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.init(UnsafeRawBufferPointer(bytes))
    }

    /// Copies the bytes of any sequence.
    public init(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        self = array.withUnsafeBytes { PayloadBytes($0) }
    }

    /// Calls `body` with the bytes as contiguous memory, valid only during the call.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        if length > PayloadBytes.inlineCapacity {
            return try spill.withUnsafeBytes(body)
        }
        var copy = words
        let count = length
        return try Swift.withUnsafeBytes(of: &copy) { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[0..<count]))
        }
    }

    // MARK: Collection

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The byte count.
    public var endIndex: Int { length }
    /// The byte count.
    public var count: Int { length }

    /// The byte at `position` (0-based).
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < length, "PayloadBytes index out of range")
        if length > PayloadBytes.inlineCapacity { return spill[position] }
        return Swift.withUnsafeBytes(of: words) { $0[position] }
    }

    // MARK: Hashable

    /// Byte-wise equality.
    public static func == (lhs: PayloadBytes, rhs: PayloadBytes) -> Bool {
        guard lhs.length == rhs.length else { return false }
        if lhs.length > PayloadBytes.inlineCapacity { return lhs.spill == rhs.spill }
        let a = lhs.words
        let b = rhs.words
        return a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3 && a.4 == b.4 && a.5 == b.5 && a.6 == b.6
            && a.7 == b.7
    }

    /// Hashes the length and the bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(length)
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    // MARK: Text

    /// The bytes as lowercase hexadecimal, two digits per byte, no prefix.
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(length * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes as lowercase hexadecimal (``hexString``).
    public var description: String { hexString }
}
