import Testing

@testable import PocMapCore
@testable import PocMapIO

/// What the canonical-line fast-path tests share.
enum CanonicalLineSupport {
    /// The general path's outcome for one line (``JSONScanner`` and `decoder`): the record, or nil for a reject.
    static func general<Decoder: RecordDecoder>(
        _ line: [UInt8],
        _ decoder: Decoder.Type,
        source: PocMapCore.SourceLocation
    )
        -> Decoder.Record?
    {
        let table = try! FieldTable(names: Decoder.fieldNames, aliases: [:])
        let slots = UnsafeMutableBufferPointer<FieldSlot>.allocate(capacity: Decoder.fieldNames.count)
        defer { slots.deallocate() }
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * line.count + 16)
        defer { scratch.deallocate() }
        return line.withUnsafeBufferPointer { bytes -> Decoder.Record? in
            do throws(RecordError) {
                try JSONScanner.scan(bytes, table: table, slots: slots)
                var fields = FieldReader(line: bytes, slots: slots, names: table.names, scratch: scratch)
                var reader = Decoder(options: ReaderOptions())
                return try reader.decode(&fields, source: source)
            } catch {
                return nil
            }
        }
    }

    /// Every prefix of `line` must be declined (`fast` nil), and every single-byte change of it — to each of a set
    /// of bytes that matter to JSON, numbers and the layout — either declined or decoded alike (`check`, which
    /// returns whether the fast path took the line). Returns how many changed lines the fast path took.
    static func mutations(
        of line: [UInt8],
        fastTakes: ([UInt8]) -> Bool,
        check: ([UInt8]) -> Bool
    ) -> (accepted: Int, tried: Int) {
        for end in 0..<line.count { #expect(!fastTakes(Array(line[0..<end]))) }
        let replacements: [UInt8] = Array(#"0159-+.eE"\ ,:{}[]aZ/="#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
        var accepted = 0
        var tried = 0
        for position in line.indices {
            for byte in replacements where byte != line[position] {
                var mutated = line
                mutated[position] = byte
                tried += 1
                if check(mutated) { accepted += 1 }
            }
        }
        return (accepted, tried)
    }
}
