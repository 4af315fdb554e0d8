import Foundation
import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Payload text and RFC 3339 time")
struct PayloadAndTimeTests {
    private func decode(_ text: String) -> Result<[UInt8], PayloadText.PayloadTextError> {
        let bytes = Array(text.utf8)
        var target = [UInt8](repeating: 0, count: bytes.count + 1)
        let result = bytes.withUnsafeBufferPointer { input in
            target.withUnsafeMutableBufferPointer { PayloadText.decode(input, into: $0.baseAddress!) }
        }
        return result.map { Array(target[0..<$0]) }
    }

    @Test func base64AgreesWithFoundationInBothAlphabetsWithAndWithoutPadding() throws {
        var generator = SplitMix64(seed: 2024)
        for length in 0..<100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let standard = Data(bytes).base64EncodedString()
            let url = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            let unpadded = standard.replacingOccurrences(of: "=", with: "")
            let urlUnpadded = url.replacingOccurrences(of: "=", with: "")
            for text in [standard, url, unpadded, urlUnpadded] {
                #expect(try decode(text).get() == bytes, "\(text)")
            }
            let hex = "0x" + bytes.map { String(format: "%02x", $0) }.joined()
            #expect(try decode(hex).get() == bytes)
            #expect(try decode(hex.uppercased()).get() == bytes)  // "0X" and upper-case digits
        }
    }

    @Test func base64ThatStartsWith0xIsStillBase64() throws {
        // 51 random-looking bytes whose standard base64 begins with "0x" (happens 2 times in 4096).
        let bytes: [UInt8] = [0xD3, 0x1D, 0x0B] + Array(repeating: 0x42, count: 48)
        let text = Data(bytes).base64EncodedString()
        #expect(text.hasPrefix("0x"))
        #expect(try decode(text).get() == bytes)
    }

    @Test func badPayloadText() throws {
        func failure(_ text: String) -> String? {
            if case .failure(let error) = decode(text) { return error.message }
            return nil
        }
        #expect(failure("AA=A") == "misplaced base64 padding '=' at position 3")
        #expect(failure("AAA==") == "misplaced base64 padding '=' at position 4")
        #expect(failure("AA A") == "invalid base64 byte 0x20 at position 3")
        #expect(failure("AA*A") == "invalid base64 character '*' at position 3")
        // "0x" text that is not hex falls back to base64; when both fail the hex reason is given.
        #expect(try decode("0xzz").get() == [UInt8](Data(base64Encoded: "0xzz")!))
        #expect(failure("0x0g!") == "invalid hex digit 'g' at position 4")
        #expect(try decode("0x0").get() == [UInt8](Data(base64Encoded: "0x0=")!))
        #expect(failure("0x0!") == "invalid hex digit '!' at position 4")
        #expect(failure("0xabc") == "hex text after '0x' has an odd number of digits")
        #expect(failure("A") == "base64 text of 1 characters is cut short (one character left over)")
        #expect(failure("AAAAA") == "base64 text of 5 characters is cut short (one character left over)")
    }

    @Test func payloadsAreCompactDictionaryKeys() throws {
        let line1 = witnessLine(["data": #""AAECAwQFBgcICQ==""#])
        let line2 = witnessLine(["data": #""0x00010203040506070809""#])
        let line3 = witnessLine(["data": #""AAECAwQFBgcICQ""#])
        let line4 = witnessLine(["data": #""AAECAwQFBgcICA==""#])
        let records = try readWitnesses([line1, line2, line3, line4].joined(separator: "\n")).compactMap(\.record)
        let keys = Set(records.map(\.data))
        #expect(records.count == 4)
        #expect(keys.count == 2)
        // JSON escapes inside the base64 text (some encoders write "\/").
        let escaped = try #require(try witness(witnessLine(["data": #""\/\/8=""#])))
        #expect(Array(escaped.data) == [0xFF, 0xFF])
    }

    // MARK: RFC 3339

    private func milliseconds(_ text: String) -> Int? {
        var copy = text
        return copy.withUTF8 { bytes -> Int? in
            if case .success(let value) = RFC3339.milliseconds(bytes) { return value }
            return nil
        }
    }

    @Test func formattingIsTheParsersInverse() {
        // disk91's instant, the epoch, a leap day, the last millisecond of a century and times before 1970.
        #expect(RFC3339.string(milliseconds: 1_675_572_018_067) == "2023-02-05T04:40:18.067Z")
        #expect(RFC3339.string(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.string(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        for instant: Int64 in [951_782_400_000, 4_102_444_799_999, -86_400_000 * 365 + 1, 1_685_577_600_000] {
            let text = RFC3339.string(milliseconds: instant)
            #expect(milliseconds(text).map(Int64.init) == instant, "\(text)")
        }
        #expect(RFC3339.string(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
    }

    @Test func knownInstant() {
        // disk91 sample decoding: received_timestamp_ms 1675572018067 = 2023-02-05T04:40:18.067000Z.
        #expect(milliseconds("2023-02-05T04:40:18.067000Z") == 1_675_572_018_067)
        #expect(milliseconds("2023-02-05T04:40:18.067Z") == 1_675_572_018_067)
        #expect(milliseconds("2023-02-05t04:40:18.067z") == 1_675_572_018_067)
        #expect(milliseconds("2023-02-05 04:40:18.067Z") == 1_675_572_018_067)
        #expect(milliseconds("2023-02-05T05:40:18.067+01:00") == 1_675_572_018_067)
        #expect(milliseconds("2023-02-04T23:10:18.067-05:30") == 1_675_572_018_067)
        #expect(milliseconds("2023-02-05T04:40:18.0679999Z") == 1_675_572_018_067)  // truncated to ms
        #expect(milliseconds("2023-02-05T04:40:18.06Z") == 1_675_572_018_060)
        #expect(milliseconds("2023-02-05T04:40:18Z") == 1_675_572_018_000)
        #expect(milliseconds("2023-02-05T04:40:18+0000") == 1_675_572_018_000)
        #expect(milliseconds("1970-01-01T00:00:00Z") == 0)
        #expect(milliseconds("1969-12-31T23:59:59Z") == -1000)
    }

    @Test func agreesWithFoundationOverManyInstants() throws {
        var generator = SplitMix64(seed: 99)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for _ in 0..<2000 {
            let ms = Int.random(in: 0...4_102_444_800_000, using: &generator)  // 1970 ... 2100
            let offsetMinutes = Int.random(in: -12 * 60...14 * 60, using: &generator)
            formatter.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)
            let text = formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            let parsed = try #require(milliseconds(text), "\(text)")
            let reference = try #require(formatter.date(from: text))
            #expect(parsed == Int((reference.timeIntervalSince1970 * 1000).rounded()), "\(text)")
            #expect(parsed == ms, "\(text)")
        }
    }

    @Test func leapYearsAndLeapSeconds() {
        #expect(milliseconds("2024-02-29T00:00:00Z") == 1_709_164_800_000)
        #expect(milliseconds("2023-02-29T00:00:00Z") == nil)
        #expect(milliseconds("2000-02-29T00:00:00Z") == 951_782_400_000)
        #expect(milliseconds("1900-02-29T00:00:00Z") == nil)
        #expect(milliseconds("2016-12-31T23:59:60Z") == milliseconds("2017-01-01T00:00:00Z"))
    }

    @Test(arguments: [
        "2023-02-05", "2023-02-05T04:40Z", "2023-2-05T04:40:18Z", "2023-02-05T24:00:00Z", "2023-13-01T00:00:00Z",
        "2023-02-05T04:60:00Z", "2023-02-05T04:40:18.Z", "2023-02-05T04:40:18+25:00", "2023-02-05T04:40:18Zjunk",
        "2023-02-05T04:40:18.067", "2023-02-05X04:40:18Z", "",
    ])
    func malformedDateTimes(text: String) {
        #expect(milliseconds(text) == nil)
    }

    @Test func timestampsAsStringsInRecords() throws {
        #expect(
            try witness(witnessLine(["received_timestamp": #""2023-02-05T04:40:18.067Z""#]))?.receivedTimestampMs
                == 1_675_572_018_067
        )
        #expect(
            try witness(witnessLine(["received_timestamp": #""1675572018067""#]))?.receivedTimestampMs
                == 1_675_572_018_067
        )
        #expect(
            try witness(witnessLine(["received_timestamp": "1675572018067.0"]))?.receivedTimestampMs
                == 1_675_572_018_067
        )
        #expect(
            try witnessError(witnessLine(["received_timestamp": #""1969-12-31T23:59:59Z""#]))
                == "field 'received_timestamp': -1000 ms is not plausible (expected 0 to 253402300799999 ms; 1970 to 9999)"
        )
    }
}
