import Foundation
import Testing

@testable import PocMapIO

@Suite("JSON line scanner")
struct JSONScannerTests {
    /// Scans `line` for fields a, b, c; returns the decoded string or number text per field, or the error.
    private func scan(_ line: String, bytes: [UInt8]? = nil) -> Result<[String: String], RecordError> {
        let table = try! FieldTable(names: ["a", "b", "c"], aliases: [:])
        let slots = UnsafeMutableBufferPointer<FieldSlot>.allocate(capacity: 3)
        slots.initialize(repeating: FieldSlot())
        defer { slots.deallocate() }
        let raw = bytes ?? Array(line.utf8)
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: raw.count * 2 + 16)
        defer { scratch.deallocate() }
        return raw.withUnsafeBufferPointer { buffer in
            do throws(RecordError) {
                try JSONScanner.scan(buffer, table: table, slots: slots)
                var fields = FieldReader(line: buffer, slots: slots, names: ["a", "b", "c"], scratch: scratch)
                var result: [String: String] = [:]
                for (index, name) in ["a", "b", "c"].enumerated() {
                    switch slots[index].kind {
                    case .absent: continue
                    case .null: result[name] = "null"
                    case .bool: result[name] = slots[index].boolValue ? "true" : "false"
                    case .string: result[name] = try fields.string(index)
                    case .number, .container, .text:
                        result[name] = String(
                            decoding: UnsafeBufferPointer(
                                rebasing: buffer[slots[index].offset..<slots[index].offset + slots[index].count]
                            ),
                            as: UTF8.self
                        )
                    }
                }
                return .success(result)
            } catch {
                return .failure(error)
            }
        }
    }

    private func error(_ line: String) -> String? {
        if case .failure(let failure) = scan(line) { return failure.message }
        return nil
    }

    @Test func scalarsNestedValuesAndUnknownKeys() throws {
        let result = try scan(
            #" { "a" : "x" , "z": {"q":[1,2,{"r":null}],"s":"\"}"}, "b":-1.5e3, "c":[true,false] , "d":null } "#
        ).get()
        #expect(result == ["a": "x", "b": "-1.5e3", "c": "[true,false]"])
        #expect(try scan("{}").get() == [:])
        #expect(try scan(#"{"a":true,"b":false,"c":null}"#).get() == ["a": "true", "b": "false", "c": "null"])
    }

    @Test func duplicateKeysLastWins() throws {
        #expect(try scan(#"{"a":"first","b":1,"a":"second"}"#).get() == ["a": "second", "b": "1"])
    }

    @Test func escapesAreDecoded() throws {
        let line = #"{"a":"q\"b\\s\/n\nt\tr\rb\bf\f","b":"\u00e9\u20AC\ud83d\ude00\u0041","\u0063":"escaped key"}"#
        let result = try scan(line).get()
        #expect(result["a"] == "q\"b\\s/n\nt\tr\rb\u{8}f\u{C}")
        #expect(result["b"] == "é€😀A")
        #expect(result["c"] == "escaped key")
        // Raw UTF-8 passes through.
        #expect(try scan(#"{"a":"Grenoble – Tour Perret 東京 😀"}"#).get()["a"] == "Grenoble – Tour Perret 東京 😀")
    }

    @Test(arguments: [
        (#"{"a":"\x"}"#, "invalid escape '\\x'"),
        (#"{"a":"\u12"}"#, "\\u needs 4 hex digits"),
        (#"{"a":"\uZZZZ"}"#, "\\u needs 4 hex digits"),
        (#"{"a":"\ud800"}"#, "unpaired UTF-16 surrogate \\uD800"),
        (#"{"a":"\ud800\u0041"}"#, "unpaired UTF-16 surrogate \\uD800"),
        (#"{"a":"\udc00x"}"#, "unpaired UTF-16 surrogate \\uDC00"),
        ("{\"a\":\"tab\there\"}", "control character 0x09 in a string"),
        (#"{"a":"open}"#, "string not terminated"),
        (#"{"a":1,}"#, "expected a field name in double quotes, found '}'"),
        (#"{"a" 1}"#, "expected ':' after the field name"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}' after a value, found '\"'"),
        (#"{"a":1"#, "the object is not closed"),
        (#"{"a":}"#, "expected a value, found '}'"),
        (#"{"a":tru}"#, "expected a value"),
        (#"{"a":[1,2}"#, "expected ',' or ']' after a value"),
        (#"{"a":{"x":1]}"#, "expected ',' or '}' after a value"),
        (#"{"a":1}x"#, "unexpected text after the object"),
        (#"{"a":1}{"b":2}"#, "unexpected text after the object"),
        (#"[1,2]"#, "the line is not a JSON object"),
        (#""just a string""#, "the line is not a JSON object"),
        (#"{a:1}"#, "expected a field name in double quotes, found 'a'"),
        (#"{'a':1}"#, "expected a field name in double quotes, found '''"),
    ])
    func brokenJSONIsPrecise(line: String, reason: String) throws {
        let message = try #require(error(line))
        #expect(message.contains(reason), "\(message)")
        #expect(message.hasPrefix("broken JSON at column "))
    }

    @Test func errorColumnsAreOneBasedBytes() {
        #expect(error(#"{"a":1 "b":2}"#) == #"broken JSON at column 8: expected ',' or '}' after a value, found '"'"#)
        #expect(error(#"{"a":01}"#) == "broken JSON at column 6: malformed number '01'")
    }

    @Test(arguments: ["01", "-", "1.", ".5", "1e", "1e+", "+1", "--1", "1.e5", "-.5"])
    func malformedNumbers(text: String) throws {
        let message = try #require(error("{\"a\":\(text)}"))
        #expect(message.hasPrefix("broken JSON at column 6: "), "\(message)")
    }

    @Test func textAfterAValidNumberPrefix() {
        #expect(error(#"{"a":0x10}"#) == "broken JSON at column 7: expected ',' or '}' after a value, found 'x'")
        #expect(error(#"{"a":1_000}"#) == "broken JSON at column 7: expected ',' or '}' after a value, found '_'")
    }

    @Test(arguments: ["0", "-0", "12", "-12.5", "1e9", "1E-9", "6.02214076e+23", "123456789012345678901234567890"])
    func validNumbers(text: String) throws {
        #expect(try scan("{\"a\":\(text)}").get()["a"] == text)
    }

    /// `FieldReader.int` for field a of `{"a":<text>}`: the value, or the error message.
    private func integer(_ text: String) -> Result<Int?, RecordError> {
        let table = try! FieldTable(names: ["a"], aliases: [:])
        let slots = UnsafeMutableBufferPointer<FieldSlot>.allocate(capacity: 1)
        slots.initialize(repeating: FieldSlot())
        defer { slots.deallocate() }
        let raw = Array("{\"a\":\(text)}".utf8)
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: raw.count * 2)
        defer { scratch.deallocate() }
        return raw.withUnsafeBufferPointer { buffer in
            do throws(RecordError) {
                try JSONScanner.scan(buffer, table: table, slots: slots)
                var fields = FieldReader(line: buffer, slots: slots, names: ["a"], scratch: scratch)
                return .success(try fields.int(0))
            } catch {
                return .failure(error)
            }
        }
    }

    @Test func integersAreExactTo64Bits() throws {
        let exact: [(String, Int)] = [
            ("0", 0), ("-0", 0), ("7", 7), ("-7", -7), ("1675572017755703935", 1_675_572_017_755_703_935),
            ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
            ("999999999999999999", 999_999_999_999_999_999),
            ("12.0", 12), ("1.2e1", 12), ("1200e-2", 12), ("-9223372036854775808.000", Int.min),
            ("9.223372036854775807e18", Int.max),
        ]
        for (text, value) in exact {
            #expect(try integer(text).get() == value, "\(text)")
        }
        for text in [
            "9223372036854775808", "-9223372036854775809", "18446744073709551616", "99999999999999999999", "1e19",
        ] {
            guard case .failure(let failure) = integer(text) else {
                Issue.record("\(text) accepted")
                continue
            }
            #expect(failure.message == "field 'a': integer '\(text)' is out of the 64-bit range")
        }
        for text in ["12.5", "1e-1", "0.000000000000000000001", "9223372036854775807.5"] {
            guard case .failure(let failure) = integer(text) else {
                Issue.record("\(text) accepted")
                continue
            }
            #expect(failure.message == "field 'a': expected an integer, got '\(text)'")
        }
    }

    @Test func doublesAreCorrectlyRounded() throws {
        var generator = SplitMix64(seed: 11)
        let table = try FieldTable(names: ["a"], aliases: [:])
        let slots = UnsafeMutableBufferPointer<FieldSlot>.allocate(capacity: 1)
        defer { slots.deallocate() }
        var texts = [
            "0.1", "-106.35", "1e22", "1e23", "4.9e-324", "2.2250738585072014e-308", "45.18402099609375",
            "1.7976931348623157e308",
            "0.30000000000000004", "123456789012345678901234567890e-10", "9007199254740993",
        ]
        for _ in 0..<3000 {
            let value =
                Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random(using: &generator) ? 1 : -1)
            texts.append("\(value)")
            texts.append(String(format: "%.\(Int.random(in: 1...17, using: &generator))g", value))
            texts.append(
                "\(Int.random(in: -999_999...999_999, using: &generator)).\(Int.random(in: 0...999_999, using: &generator))"
            )
        }
        for text in texts where !text.contains("inf") && !text.contains("nan") {
            let raw = Array("{\"a\":\(text)}".utf8)
            let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: raw.count * 2)
            defer { scratch.deallocate() }
            let parsed: Double? = raw.withUnsafeBufferPointer { buffer in
                slots.initialize(repeating: FieldSlot())
                guard (try? JSONScanner.scan(buffer, table: table, slots: slots)) != nil else { return nil }
                var fields = FieldReader(line: buffer, slots: slots, names: ["a"], scratch: scratch)
                return try? fields.double(0)
            }
            let reference = Double(text)  // the standard library's correctly rounded parser
            #expect(parsed == reference, "\(text)")
            if let parsed, let reference { #expect(parsed.bitPattern == reference.bitPattern, "\(text)") }
        }
    }

    @Test func nonFiniteLiteralsNameTheField() {
        #expect(error(#"{"a":NaN}"#) == "field 'a': non-finite number NaN")
        #expect(error(#"{"b":Infinity}"#) == "field 'b': non-finite number Infinity")
        #expect(error(#"{"c":-Infinity}"#) == "field 'c': non-finite number -Infinity")
        #expect(error(#"{"a":[1,NaN]}"#) == "non-finite number NaN at column 9")
        #expect(error(#"{"a":Nope}"#)?.hasPrefix("broken JSON") == true)
    }

    @Test func invalidUTF8IsReportedAsSuch() {
        let cases: [([UInt8], Int)] = [
            (Array(#"{"a":""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8), 7),  // overlong NUL
            (Array(#"{"a":"x"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8), 8),  // UTF-16 surrogate
            (Array(#"{"a":""#.utf8) + [0xF5, 0x80, 0x80, 0x80] + Array(#""}"#.utf8), 7),  // above U+10FFFF
            (Array(#"{"a":""#.utf8) + [0xE2, 0x82] + Array(#""}"#.utf8), 7),  // cut short
            (Array(#"{"a":""#.utf8) + [0x80] + Array(#""}"#.utf8), 7),  // stray continuation
            (Array(#"{"a":"ok","#.utf8) + [0xFF] + Array(#"":1}"#.utf8), 11),  // outside a string
        ]
        for (bytes, column) in cases {
            guard case .failure(let failure) = scan("", bytes: bytes) else {
                Issue.record("accepted \(bytes)")
                continue
            }
            #expect(failure.message == "invalid UTF-8 at column \(column)")
        }
    }

    @Test func deepNestingIsBoundedNotACrash() {
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(error(deep)?.contains("nested deeper than 256 levels") == true)
        let fine = "{\"a\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}"
        #expect(error(fine) == nil)
    }

    @Test func swarSkipMatchesBytewiseClassification() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            let word = generator.next() & (generator.next() | 0x7F7F_7F7F_7F7F_7F7F)
            var special = false
            for shift in stride(from: 0, to: 64, by: 8) {
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                if byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 { special = true }
            }
            #expect(JSONScanner.hasSpecialByte(word) == special)
        }
        // Each special byte at each position.
        for special: UInt8 in [0x00, 0x1F, 0x22, 0x5C, 0x80, 0xFF] {
            for position in 0..<8 {
                var bytes = [UInt8](repeating: 0x41, count: 8)
                bytes[position] = special
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(JSONScanner.hasSpecialByte(word))
            }
        }
        #expect(!JSONScanner.hasSpecialByte(0x2020_2020_2020_2020))
        #expect(!JSONScanner.hasSpecialByte(0x7F7F_7F7F_7F7F_7F7F))
    }

    @Test func agreesWithFoundationOnValidity() throws {
        // Every line Foundation accepts as a top-level object we accept, and vice versa, for a corpus of edge cases.
        // (Trailing commas are left out: corelibs Foundation accepts them, RFC 8259 does not; see brokenJSONIsPrecise.)
        let corpus = [
            #"{"a":1}"#, #"{"a":[]}"#, #"{"a":{}}"#, #"{"a":"\u0000"}"#, #"{"a":1.0e+2}"#, #"{"a":-0.0}"#,
            #"{"a":[1,[2,[3]]],"b":{"c":{"d":"e"}}}"#, #"{"":1}"#, "{\"a\"\t:\r1}",
            #"{"a":01}"#, #"{"a":.1}"#, #"{"a":"\q"}"#, #"{"a":tRue}"#, #"{"a" "b"}"#, #"{"a":1}}"#,
        ]
        for line in corpus {
            let foundation = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any]
            #expect((error(line) == nil) == foundation, "\(line): \(error(line) ?? "accepted")")
        }
    }
}
