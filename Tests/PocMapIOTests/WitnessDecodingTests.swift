import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Witness decoding")
struct WitnessDecodingTests {
    @Test func everyFieldIsDecoded() throws {
        let witness = try #require(try witness(witnessLine()))
        #expect(witness.pubKey == "11xHRM14WPH9AmAC2gGqHHj4esGKcViWLdQL83mcVNRRdhftJf")
        #expect(witness.receivedTimestampMs == 1_675_572_018_067)
        #expect(Array(witness.data) == Array(0...9))
        #expect(witness.signalDeciDBm == -1060)
        #expect(witness.rssiDBm == -106.0)
        #expect(witness.snrDeciDB == 55)
        #expect(witness.frequencyHz == 904_500_000)
        #expect(witness.dataRate == .sf9bw125)
        #expect(witness.timestampNs == 1_675_572_017_755_703_935)  // 19 digits, exact
        #expect(witness.tmst == 3_694_808_522)
        #expect(witness.source == SourceLocation(file: "w.ndjson", line: 1))
    }

    @Test func optionalFieldsMayBeAbsentOrNull() throws {
        let witness = try #require(
            try witness(witnessLine(["snr": nil, "datarate": "null", "timestamp": nil, "tmst": "null"]))
        )
        #expect(
            witness.snrDeciDB == nil && witness.dataRate == nil && witness.timestampNs == nil && witness.tmst == nil
        )
    }

    @Test func rssiInDBmIsConvertedToTenths() throws {
        let cases: [(String, Int)] = [
            ("-106", -1060), ("-106.3", -1063), ("-106.35", -1064), ("-0.05", -1), ("-120.04", -1200), ("3", 30),
        ]
        for (rssi, signal) in cases {
            let witness = try #require(try witness(witnessLine(["signal": nil, "rssi": rssi])))
            #expect(witness.signalDeciDBm == signal, "rssi \(rssi)")
        }
        // signal wins when both are given.
        #expect(try witness(witnessLine(["rssi": "-50"]))?.signalDeciDBm == -1060)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let line = witnessLine([
            "hotspot": #"{"name":"x","loc":[1,2]}"#, "extra": "[1,{\"a\":null}]", "note": #""héllo""#,
        ])
        #expect(try witness(line) != nil)
    }

    @Test(
        arguments: [
            // missing required fields
            (["pub_key": nil], "missing required field 'pub_key'"),
            (["pub_key": #""""#], "missing required field 'pub_key'"),
            (["pub_key": "null"], "missing required field 'pub_key'"),
            (["received_timestamp": nil], "missing required field 'received_timestamp'"),
            (["data": nil], "missing required field 'data'"),
            (["frequency": nil], "missing required field 'frequency'"),
            (["signal": nil], "missing required field 'signal' (tenths of dBm) or 'rssi' (dBm)"),
            // wrong JSON types
            (["pub_key": "12"], "field 'pub_key': expected a string, got a number"),
            (["frequency": #""904500000""#], "field 'frequency': expected an integer, got a string"),
            (["signal": "true"], "field 'signal': expected an integer, got true"),
            (["snr": "[55]"], "field 'snr': expected an integer, got an array"),
            (["data": #"{"b64":"AAEC"}"#], "field 'data': expected a string, got an object"),
            (
                ["received_timestamp": "false"],
                "field 'received_timestamp': expected milliseconds since the epoch or an RFC 3339 string, got false"
            ),
            (["rssi": #""-106""#, "signal": nil], "field 'rssi': expected a number, got a string"),
            (["datarate": "9"], "field 'datarate': expected a string, got a number"),
            // integers
            (["signal": "-1060.5"], "field 'signal': expected an integer, got '-1060.5'"),
            (["tmst": "1e30"], "field 'tmst': integer '1e30' is out of the 64-bit range"),
            (
                ["timestamp": "99999999999999999999"],
                "field 'timestamp': integer '99999999999999999999' is out of the 64-bit range"
            ),
            // non-finite
            (["rssi": "NaN", "signal": nil], "field 'rssi': non-finite number NaN"),
            (["rssi": "-Infinity", "signal": nil], "field 'rssi': non-finite number -Infinity"),
            (["rssi": "1e999", "signal": nil], "field 'rssi': non-finite number '1e999'"),
            // absurd values
            (["frequency": "-904500000"], "field 'frequency': frequency must be positive, got -904500000 Hz"),
            (["frequency": "0"], "field 'frequency': frequency must be positive, got 0 Hz"),
            (
                ["frequency": "904"],
                "field 'frequency': 904 Hz is not plausible (expected 100000000 to 3000000000 Hz; MHz or kHz values must be given in Hz)"
            ),
            (["frequency": "904.5"], "field 'frequency': expected an integer, got '904.5'"),
            (
                ["signal": "-10600"],
                "field 'signal': -10600 ddBm is not plausible (expected -2000 to 500 ddBm; signal is in tenths of dBm)"
            ),
            (
                ["rssi": "-1060", "signal": nil],
                "field 'rssi': -1060.0 dBm is not plausible (expected -200.0 to 50.0 dBm)"
            ),
            (
                ["snr": "5500"],
                "field 'snr': 5500 ddB is not plausible (expected -1000 to 1000 ddB; snr is in tenths of dB)"
            ),
            (["tmst": "-1"], "field 'tmst': -1 µs is not plausible (expected 0 to 9223372036854775807 µs)"),
            (
                ["received_timestamp": "-5"],
                "field 'received_timestamp': -5 ms is not plausible (expected 0 to 253402300799999 ms; 1970 to 9999)"
            ),
            // data rate
            (
                ["datarate": #""SF13BW125""#],
                "field 'datarate': unknown data rate 'SF13BW125' (expected a Helium name such as SF9BW125)"
            ),
            (["datarate": #""""#], "field 'datarate': unknown data rate '' (expected a Helium name such as SF9BW125)"),
            // payloads
            (["data": #""AAE!""#], "field 'data': invalid base64 character '!' at position 4"),
            (["data": #""""#], "field 'data': the payload is empty"),
            (["data": #""0xabc""#], "field 'data': hex text after '0x' has an odd number of digits"),
            (["data": #""AAECA""#], "field 'data': base64 text of 5 characters is cut short (one character left over)"),
            // timestamps
            (
                ["received_timestamp": #""2023-02-30T00:00:00Z""#],
                "field 'received_timestamp': '2023-02-30T00:00:00Z': day 30 out of range for 2023-02"
            ),
            (
                ["received_timestamp": #""2023-02-05 04:40:18""#],
                "field 'received_timestamp': '2023-02-05 04:40:18': a date-time needs a time zone offset ('Z' or ±hh:mm)"
            ),
            (
                ["received_timestamp": #""yesterday""#],
                "field 'received_timestamp': 'yesterday': expected an RFC 3339 date-time like 2023-02-05T04:40:18.067Z"
            ),
        ] as [([String: String?], String)]
    )
    func badFieldsAreRejectedPrecisely(overrides: [String: String?], reason: String) throws {
        let results = try readWitnesses(witnessLine() + "\n" + witnessLine(overrides) + "\n")
        #expect(results.count == 2)
        #expect(results[0].record != nil)
        let reject = try #require(results[1].reject)
        #expect(reject.error == reason)
        #expect(reject.source == SourceLocation(file: "w.ndjson", line: 2))
        #expect(reject.text == String(witnessLine(overrides).utf8.prefix(200))!)
    }

    @Test func rejectsCarryTheRightLineAmongBlankLinesAndCRLF() throws {
        let text =
            "\u{FEFF}" + witnessLine() + "\r\n\r\n" + "{broken\r\n" + "\n  \n" + witnessLine(["frequency": "-1"])
            + "\r\n" + witnessLine()
        let reader = try WitnessReader(bytes: Array(text.utf8), name: "logs/w.jsonl")
        let items = try reader.readAll()
        #expect(items.count == 4)
        #expect(items[0].record?.source?.line == 1)
        #expect(items[1].reject?.source.description == "logs/w.jsonl:3")
        #expect(items[1].reject?.text == "{broken")
        #expect(items[2].reject?.source.description == "logs/w.jsonl:6")
        #expect(items[3].record?.source?.line == 7)
        let counters = reader.counters
        #expect(counters.lines == 7 && counters.blankLines == 3)
        #expect(counters.recordsRead == 4 && counters.decoded == 2 && counters.rejected == 2)
        #expect(counters.accountingHolds)
    }

    @Test func overlongLineIsRejectedAndReadingGoesOn() throws {
        let long = witnessLine(["padding": "\"" + String(repeating: "x", count: 1_100_000) + "\""])
        let items = try readWitnesses(witnessLine() + "\n" + long + "\n" + witnessLine() + "\n")
        #expect(items.count == 3)
        let reject = try #require(items[1].reject)
        #expect(reject.error == "line is \(long.utf8.count) bytes long, over the limit of 1048576 bytes")
        #expect(reject.source.line == 2)
        #expect(reject.text.utf8.count == 200)
        #expect(items[2].record?.source?.line == 3)
    }

    @Test func invalidUTF8LineIsRejected() throws {
        var bytes = Array((witnessLine() + "\n").utf8)
        let bad = Array(witnessLine(["pub_key": "\"k\u{E9}y\""]).utf8)
        let position = bad.firstIndex(of: 0xC3)!
        var broken = bad
        broken[position + 1] = 0x28  // 0xC3 0x28: lead byte without continuation
        bytes += broken + [0x0A]
        let items = try WitnessReader(bytes: bytes, name: "w.ndjson").readAll()
        let reject = try #require(items[1].reject)
        #expect(reject.error == "invalid UTF-8 at column \(position + 1)")
        #expect(reject.text.contains("\u{FFFD}"))
    }

    @Test func chunksAreBoundedAndInOrder() throws {
        let text = (0..<25).map { witnessLine(["tmst": "\($0)"]) }.joined(separator: "\n")
        let reader = try WitnessReader(bytes: Array(text.utf8), name: "w.ndjson", options: ReaderOptions(chunkSize: 10))
        var sizes: [Int] = []
        var indices: [Int] = []
        var tmsts: [Int] = []
        while let chunk = try reader.nextChunk() {
            sizes.append(chunk.items.count)
            indices.append(chunk.index)
            tmsts += chunk.records.compactMap(\.tmst)
        }
        #expect(sizes == [10, 10, 5])
        #expect(indices == [0, 1, 2])
        #expect(tmsts == Array(0..<25))
    }
}
