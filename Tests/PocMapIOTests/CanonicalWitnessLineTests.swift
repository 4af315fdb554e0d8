import Foundation
import Testing
import _PocMapTestSupport

@testable import PocMapCore
@testable import PocMapIO

/// The canonical-layout fast path for witness lines against the general path (``JSONScanner`` and
/// ``WitnessDecoder``): whatever it accepts must decode to the very record the general path makes, and it must
/// accept the lines `pocmap simulate` writes.
@Suite("Witness lines: canonical fast path")
struct CanonicalWitnessLineTests {
    static let canonical =
        #"{"pub_key":"112QJTth1uD6gxWjh6zmWqXr3o2tYwzGZzVfUn7wZsdRrvw5JKpM","received_timestamp":1685577600492,"#
        + #""data":"kezCpr5sx4CI+36fDGXvZeF9WNagd2uh0Cgt6R/V7Y6A4NvQgn6QzKGJ1DwvvKQiB9DQ","signal":-1240,"snr":-70,"#
        + #""frequency":867300000,"datarate":"SF12BW125","timestamp":1685577600025566344}"#

    static let source = SourceLocation(file: "w.ndjson", line: 7)

    /// The general path's outcome for one line: the record, or nil for a reject.
    static func general(_ line: [UInt8]) -> WitnessReport? {
        CanonicalLineSupport.general(line, WitnessDecoder.self, source: source)
    }

    /// The fast path's outcome for one line (it appends exactly the one record it takes, nothing otherwise; what
    /// it reports about the record matches the record).
    static func fast(_ line: [UInt8]) -> WitnessReport? {
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * line.count + 16)
        defer { scratch.deallocate() }
        var items: [ReadResult<WitnessReport>] = []
        let decoded = line.withUnsafeBufferPointer {
            CanonicalWitnessLine.decode($0, source: source, scratch: scratch, into: &items)
        }
        #expect(items.count == (decoded == nil ? 0 : 1))
        guard let decoded, let record = items.first?.record else { return nil }
        #expect(String(decoding: decoded.key, as: UTF8.self) == record.pubKey)
        #expect(decoded.receivedMs == record.receivedTimestampMs && decoded.payloadLength == record.data.count)
        return record
    }

    /// Checks one line: an accepted line decodes as the general path decodes it. Returns whether it was accepted.
    @discardableResult
    static func check(_ line: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard let record = fast(line) else { return false }
        let reference = general(line)
        #expect(reference == record, "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
        return true
    }

    @Test("the canonical line is taken by the fast path and decodes as the general path decodes it")
    func canonicalLine() throws {
        let line = Array(CanonicalWitnessLineTests.canonical.utf8)
        let record = try #require(CanonicalWitnessLineTests.fast(line))
        #expect(CanonicalWitnessLineTests.general(line) == record)
        #expect(record.pubKey == "112QJTth1uD6gxWjh6zmWqXr3o2tYwzGZzVfUn7wZsdRrvw5JKpM")
        #expect(record.receivedTimestampMs == 1_685_577_600_492)
        #expect(record.data.count == 51)
        #expect(record.signalDeciDBm == -1240 && record.snrDeciDB == -70 && record.frequencyHz == 867_300_000)
        #expect(record.dataRate?.name == "SF12BW125" && record.timestampNs == 1_685_577_600_025_566_344)
        #expect(record.tmst == nil && record.source == CanonicalWitnessLineTests.source)
    }

    /// A small line in the canonical layout, to change one thing in.
    static let small =
        #"{"pub_key":"K","received_timestamp":1685577600492,"data":"AQ==","signal":-1,"snr":1,"#
        + #""frequency":867300000,"datarate":"SF9BW125","timestamp":1}"#

    @Test(
        "lines outside the layout or outside the general path's limits fall back",
        arguments: [
            // Layout: spaces, another order, a missing, extra or repeated field, trailing text.
            (#"{"pub_key""#, #"{ "pub_key""#), (#""signal":-1,"#, #""signal" : -1,"#),
            (
                #"{"pub_key":"K","received_timestamp":1685577600492,"#,
                #"{"received_timestamp":1685577600492,"pub_key":"K","#
            ),
            (#""snr":1,"#, ""), (#""timestamp":1}"#, #""timestamp":1,"tmst":5}"#),
            (#""timestamp":1}"#, #""timestamp":1,"timestamp":2}"#), (#""timestamp":1}"#, #""timestamp":1} "#),
            // Strings: an escape, a non-ASCII byte, an empty key, an empty or broken payload, an unknown data rate.
            (#""K""#, #""K\u0041""#), (#""K""#, #""Kä""#), (#""K""#, #""""#), (#""AQ==""#, #""""#),
            (#""AQ==""#, #""A*==""#), (#""SF9BW125""#, #""SF6BW125""#),
            // Numbers: a fraction, an exponent, a leading zero, a lone minus, 20 digits, beyond Int, out of the
            // plausible ranges (time, signal, snr, frequency, negative clock), a quoted number.
            (#"-1,"#, #"-1.0,"#), (#"867300000"#, #"8673e5"#), (#"1685577600492"#, #"01685577600492"#),
            (#"-1,"#, #"-,"#), (#"p":1}"#, #"p":16855776000255663440}"#), (#"p":1}"#, #"p":9223372036854775808}"#),
            (#"1685577600492"#, #"253402300800000"#), (#"-1,"#, #"-2001,"#), (#"r":1,"#, #"r":1001,"#),
            (#"867300000"#, #"867300"#), (#"p":1}"#, #"p":-1}"#), (#"1685577600492"#, #""1685577600492""#),
        ]
    )
    func fallsBack(change: (String, String)) {
        let line = CanonicalWitnessLineTests.small.replacingOccurrences(of: change.0, with: change.1)
        #expect(line != CanonicalWitnessLineTests.small)
        #expect(CanonicalWitnessLineTests.fast(Array(line.utf8)) == nil, "\(line)")
    }

    @Test("the small line itself takes the fast path")
    func smallLine() {
        #expect(CanonicalWitnessLineTests.check(Array(CanonicalWitnessLineTests.small.utf8)))
    }

    @Test("limits: the extreme values it takes decode as the general path decodes them")
    func limits() {
        let changes: [[(String, String)]] = [
            [
                (#"1685577600492"#, #"253402300799999"#), (#""AQ==""#, #""0x01""#), (#"-1,"#, #"500,"#),
                (#"r":1,"#, #"r":-1000,"#), (#"867300000"#, #"3000000000"#), (#""SF9BW125""#, #""sf12bw500""#),
                (#"p":1}"#, #"p":9223372036854775807}"#),
            ],
            [
                (#"1685577600492"#, #"0"#), (#""AQ==""#, #""AQ""#), (#"-1,"#, #"-2000,"#), (#"r":1,"#, #"r":1000,"#),
                (#"867300000"#, #"100000000"#), (#""SF9BW125""#, #""SF7BW250""#), (#"p":1}"#, #"p":0}"#),
            ],
            [(#""K""#, #"" K ""#), (#"-1,"#, #"-0,"#), (#""SF9BW125""#, #""SF10BW125""#)],
        ]
        for list in changes {
            var line = CanonicalWitnessLineTests.small
            for (old, new) in list { line = line.replacingOccurrences(of: old, with: new) }
            #expect(CanonicalWitnessLineTests.check(Array(line.utf8)), "\(line)")
        }
    }

    /// Every prefix of the canonical line, and the line with each byte replaced by each of a set of bytes that
    /// matter to JSON, numbers and the layout: the fast path either declines or agrees with the general path.
    @Test("every prefix and every single-byte change of the canonical line: declined or decoded alike")
    func mutations() {
        let line = Array(CanonicalWitnessLineTests.canonical.utf8)
        let (accepted, tried) = CanonicalLineSupport.mutations(
            of: line,
            fastTakes: { CanonicalWitnessLineTests.fast($0) != nil },
            check: { CanonicalWitnessLineTests.check($0) }
        )
        #expect(accepted > 500 && accepted < tried)
    }

    /// The edge corpus of ``WitnessEdgeLinesTests``: every line the fast path takes agrees with the general path.
    @Test("the 3,394-line edge corpus: every line the fast path takes decodes as the general path decodes it")
    func edgeCorpus() throws {
        let url = TestPaths.fixtures.appendingPathComponent("reader/witness-edge-lines.ndjson.gz")
        let lines = try WitnessEdgeLinesTests.gzipLines(url)
        var accepted = 0
        for line in lines where CanonicalWitnessLineTests.check(Array(line.utf8)) { accepted += 1 }
        #expect(accepted > 50)
    }

    /// `pocmap simulate`'s witness lines, faults included, all take the fast path.
    @Test("simulated witness lines all take the fast path")
    func simulatedLines() throws {
        let simulation = try WrittenSimulation.make(
            SimulationConfiguration(hotspotCount: 200, days: 1, seed: 5, faultRate: 0.1)
        )
        defer { simulation.remove() }
        let text = try String(
            contentsOf: simulation.directory.appendingPathComponent(SimulationFile.witnesses.fileName),
            encoding: .utf8
        )
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == simulation.witnesses.count)
        #expect(lines.count > 100)
        for line in lines {
            #expect(CanonicalWitnessLineTests.check(Array(line.utf8)), "\(line)")
        }
    }
}

/// ``ReaderOptions/defersKeys``: canonical lines come without their key string, the chunk keeps the key, and
/// ``RecordChunk/restoreKeys(unresolved:)`` gives it back to the reports whose hotspot is unknown.
@Suite("Witness reader: deferred keys")
struct DeferredKeyTests {
    @Test("deferred keys stay in the chunk and come back only where the hotspot is unknown")
    func deferredKeysRoundTrip() throws {
        let small = CanonicalWitnessLineTests.small
        let lines = [
            small.replacingOccurrences(of: #""K""#, with: #""KEY-A""#),
            small.replacingOccurrences(of: #"{"pub_key":"K""#, with: #"{ "pub_key":"KEY-B""#),  // general path
            "not json",
            small.replacingOccurrences(of: #""K""#, with: #""KEY-C""#),
        ]
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var options = ReaderOptions(format: .ndjson)
        options.defersKeys = true
        let reader = try WitnessReader(bytes: bytes, name: "w.ndjson", options: options)
        var chunk = try #require(try reader.nextChunk())
        #expect(chunk.items.count == 4)
        #expect(chunk.items.map { $0.record?.pubKey } == ["", "KEY-B", nil, ""])
        let keys = try #require(chunk.hotspotKeys)
        #expect((0..<4).map { keys.key(at: $0) } == ["KEY-A", "KEY-B", nil, "KEY-C"])

        // KEY-A is known (its report keeps an empty key), KEY-C is not.
        chunk.restoreKeys(unresolved: [HotspotID(0), nil, nil, nil])
        #expect(chunk.items.map { $0.record?.pubKey } == ["", "KEY-B", nil, "KEY-C"])

        // Without the option every report has its key.
        let plain = try WitnessReader(bytes: bytes, name: "w.ndjson", options: ReaderOptions(format: .ndjson))
        let all = try #require(try plain.nextChunk())
        #expect(all.items.map { $0.record?.pubKey } == ["KEY-A", "KEY-B", nil, "KEY-C"])
    }
}
