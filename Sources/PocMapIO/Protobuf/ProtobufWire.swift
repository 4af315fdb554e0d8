/// A minimal reader of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/): enough to
/// decode Helium's ingest reports without a protobuf library.
///
/// It walks one message's bytes field by field: ``nextField()`` returns the field number and wire type, then the
/// caller reads the value with the matching accessor or ``skip(_:)``s it. Every read is bounds-checked; malformed
/// input (a varint over 10 bytes, a length past the end, wire types 3/4 (groups) or 6/7) throws a
/// ``ProtobufWireError`` naming the byte offset, never traps.
struct ProtobufWireReader {
    /// The protobuf wire types.
    enum WireType: UInt8, CustomStringConvertible {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case startGroup = 3
        case endGroup = 4
        case fixed32 = 5

        var description: String {
            switch self {
            case .varint: "varint"
            case .fixed64: "64-bit"
            case .lengthDelimited: "length-delimited"
            case .startGroup: "start-group"
            case .endGroup: "end-group"
            case .fixed32: "32-bit"
            }
        }
    }

    private let bytes: UnsafeRawBufferPointer
    /// Offset of the next unread byte within ``bytes``.
    private(set) var offset = 0
    /// Added to offsets in error messages (the position of ``bytes`` in a larger buffer or stream).
    let baseOffset: Int

    init(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0) {
        self.bytes = bytes
        self.baseOffset = baseOffset
    }

    /// Whether every byte was read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// The next field's number and wire type, or `nil` at the end of the message.
    mutating func nextField() throws(ProtobufWireError) -> (number: Int, wireType: WireType)? {
        guard !isAtEnd else { return nil }
        let start = offset
        let key = try varint()
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw error(at: start, "invalid wire type \(key & 7)")
        }
        let number = key >> 3
        guard number >= 1 && number <= 536_870_911 else { throw error(at: start, "invalid field number \(number)") }
        return (Int(number), wireType)
    }

    /// A base-128 varint (at most 10 bytes).
    mutating func varint() throws(ProtobufWireError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw error(at: start, "varint cut off by the end of the message") }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw error(at: start, "varint longer than 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A little-endian 32-bit value (`fixed32`, `sfixed32`, `float`).
    mutating func fixed32() throws(ProtobufWireError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw error(at: offset, "32-bit value cut off by the end") }
        var value: UInt32 = 0
        for index in (0..<4).reversed() { value = value << 8 | UInt32(bytes[offset + index]) }
        offset += 4
        return value
    }

    /// A little-endian 64-bit value (`fixed64`, `sfixed64`, `double`).
    mutating func fixed64() throws(ProtobufWireError) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw error(at: offset, "64-bit value cut off by the end") }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += 8
        return value
    }

    /// The bytes of a length-delimited value (`bytes`, `string`, embedded message), and their offset in this
    /// message.
    mutating func lengthDelimited() throws(ProtobufWireError) -> (bytes: UnsafeRawBufferPointer, offset: Int) {
        let start = offset
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else {
            throw error(at: start, "length \(length) runs past the end of the message (\(bytes.count - offset) left)")
        }
        let count = Int(length)
        let value = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        let valueOffset = offset
        offset += count
        return (value, valueOffset)
    }

    /// Skips a value of `wireType`. Groups are obsolete and not supported (an error).
    mutating func skip(_ wireType: WireType) throws(ProtobufWireError) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup: throw error(at: offset, "groups (wire types 3 and 4) are not supported")
        }
    }

    /// `int32` from its varint: the low 32 bits, sign-extended (negative values are written as 10-byte varints).
    static func int32(_ raw: UInt64) -> Int32 { Int32(truncatingIfNeeded: raw) }

    /// `sint32`/`sint64` from its ZigZag varint.
    static func zigZag(_ raw: UInt64) -> Int64 { Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))) }

    private func error(at position: Int, _ message: String) -> ProtobufWireError {
        ProtobufWireError(offset: baseOffset + position, message: message)
    }
}

/// Malformed protobuf bytes: what is wrong and where (byte offset from the start of the message's record).
struct ProtobufWireError: Error, CustomStringConvertible {
    var offset: Int
    var message: String
    var description: String { "at byte \(offset): \(message)" }
}
