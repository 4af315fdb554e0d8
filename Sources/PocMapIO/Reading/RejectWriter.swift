import Glibc
import PocMapCore

/// Writes `rejects.ndjson` (`FORMATS.md` §2.2): one line `{"source":"FILE:LINE","error":"...","text":"..."}`
/// per reject, with JSON string escaping. Output is buffered; call ``close()`` to flush and check for errors.
public final class RejectWriter {
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private var closed = false
    /// Lines written so far.
    public private(set) var count = 0

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws(InputError) {
        name = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InputError(code: .cannotOpen, file: path, message: "cannot create: \(FileByteSource.errnoText())")
        }
        descriptor = fd
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        if !closed {
            try? flush()
            Glibc.close(descriptor)
        }
    }

    /// Appends one reject line.
    public func write(_ reject: Reject) throws(InputError) {
        RejectWriter.appendLine(for: reject, to: &buffer)
        count += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends reject lines in order.
    public func write(contentsOf rejects: some Sequence<Reject>) throws(InputError) {
        for reject in rejects { try write(reject) }
    }

    /// Writes buffered lines to the file.
    public func flush() throws(InputError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw InputError(code: .writeFailed, file: name, message: "write failed: \(FileByteSource.errnoText())")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws(InputError) {
        guard !closed else { return }
        closed = true
        defer { Glibc.close(descriptor) }
        try flush()
    }

    /// The JSON line for a reject, without the newline.
    public static func jsonLine(for reject: Reject) -> String {
        var bytes: [UInt8] = []
        appendLine(for: reject, to: &bytes)
        bytes.removeLast()
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendLine(for reject: Reject, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"source":"#.utf8)
        appendJSONString(reject.source.description, to: &output)
        output.append(contentsOf: #","error":"#.utf8)
        appendJSONString(reject.error, to: &output)
        output.append(contentsOf: #","text":"#.utf8)
        appendJSONString(reject.text, to: &output)
        output.append(contentsOf: "}\n".utf8)
    }

    /// Appends `text` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, ... or
    /// `\u00XX`, U+2028 and U+2029 as `\u2028`/`\u2029` (safe for JavaScript too); other text as UTF-8.
    static func appendJSONString(_ text: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output.append(contentsOf: #"\""#.utf8)
            case 0x5C: output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0x00..<0x20, 0x7F:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hex[Int(scalar.value >> 4)])
                output.append(hex[Int(scalar.value & 0x0F)])
            case 0x2028: output.append(contentsOf: #"\u2028"#.utf8)
            case 0x2029: output.append(contentsOf: #"\u2029"#.utf8)
            case 0x20..<0x80: output.append(UInt8(scalar.value))
            default: output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
