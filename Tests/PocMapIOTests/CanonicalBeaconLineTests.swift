import Foundation
import Testing
import _PocMapTestSupport

@testable import PocMapCore
@testable import PocMapIO

/// The canonical-layout fast path for beacon lines against the general path (``JSONScanner`` and
/// ``BeaconDecoder``): whatever it accepts must decode to the very record the general path makes, and it must
/// accept the lines `pocmap simulate` writes.
@Suite("Beacon lines: canonical fast path")
struct CanonicalBeaconLineTests {
    static let canonical =
        #"{"pub_key":"11zhTZb5BsXDXZH7oEbMmF1QuxHNMwLjkCCxsFgBbxEetRppAPh","received_timestamp":1685577600232,"#
        + #""data":"kezCpr5sx4CI+36fDGXvZeF9WNagd2uh0Cgt6R/V7Y6A4NvQgn6QzKGJ1DwvvKQiB9DQ","frequency":867300000,"#
        + #""datarate":"SF12BW125","tx_power":10,"timestamp":1685577600025556177}"#

    static let source = SourceLocation(file: "b.ndjson", line: 3)

    /// The general path's outcome for one line: the record, or nil for a reject.
    static func general(_ line: [UInt8]) -> BeaconReport? {
        CanonicalLineSupport.general(line, BeaconDecoder.self, source: source)
    }

    /// The fast path's outcome for one line (it appends exactly the one record it takes, nothing otherwise).
    static func fast(_ line: [UInt8]) -> BeaconReport? {
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * line.count + 16)
        defer { scratch.deallocate() }
        var items: [ReadResult<BeaconReport>] = []
        let decoded = line.withUnsafeBufferPointer {
            CanonicalBeaconLine.decode($0, source: source, scratch: scratch, into: &items)
        }
        #expect(items.count == (decoded == nil ? 0 : 1))
        guard let decoded, let record = items.first?.record else { return nil }
        #expect(String(decoding: decoded.key, as: UTF8.self) == record.pubKey)
        return record
    }

    /// An accepted line decodes as the general path decodes it. Returns whether it was accepted.
    @discardableResult
    static func check(_ line: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard let record = fast(line) else { return false }
        #expect(general(line) == record, "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
        return true
    }

    @Test("the canonical line is taken by the fast path and decodes as the general path decodes it")
    func canonicalLine() throws {
        let line = Array(CanonicalBeaconLineTests.canonical.utf8)
        let record = try #require(CanonicalBeaconLineTests.fast(line))
        #expect(CanonicalBeaconLineTests.general(line) == record)
        #expect(record.pubKey == "11zhTZb5BsXDXZH7oEbMmF1QuxHNMwLjkCCxsFgBbxEetRppAPh")
        #expect(record.receivedTimestampMs == 1_685_577_600_232 && record.data.count == 51)
        #expect(record.frequencyHz == 867_300_000 && record.dataRate?.name == "SF12BW125")
        #expect(record.txPowerDBm == 10 && record.timestampNs == 1_685_577_600_025_556_177 && record.tmst == nil)
        #expect(record.localEntropy == nil && record.source == CanonicalBeaconLineTests.source)
    }

    @Test(
        "lines outside the layout or outside the general path's limits fall back",
        arguments: [
            (#","timestamp""#, #","local_entropy":"AQ==","timestamp""#), (#""tx_power":10,"#, ""),
            (#""tx_power":10"#, #""tx_power":51"#), (#""tx_power":10"#, #""tx_power":10.0"#),
            (#"867300000"#, #"99999999"#), (#""SF12BW125""#, #""SF13BW125""#), (#""pub_key":"11"#, #""pub_key": "11"#),
            (#"177}"#, #"177,"tmst":1}"#), (#"1685577600232"#, #"-1"#),
        ]
    )
    func fallsBack(change: (String, String)) {
        let line = CanonicalBeaconLineTests.canonical.replacingOccurrences(of: change.0, with: change.1)
        #expect(line != CanonicalBeaconLineTests.canonical)
        #expect(CanonicalBeaconLineTests.fast(Array(line.utf8)) == nil, "\(line)")
    }

    @Test("every prefix and every single-byte change of the canonical line: declined or decoded alike")
    func mutations() {
        let line = Array(CanonicalBeaconLineTests.canonical.utf8)
        let (accepted, tried) = CanonicalLineSupport.mutations(
            of: line,
            fastTakes: { CanonicalBeaconLineTests.fast($0) != nil },
            check: { CanonicalBeaconLineTests.check($0) }
        )
        #expect(accepted > 500 && accepted < tried)
    }

    /// `pocmap simulate`'s beacon lines, faults included, all take the fast path.
    @Test("simulated beacon lines all take the fast path")
    func simulatedLines() throws {
        let simulation = try WrittenSimulation.make(
            SimulationConfiguration(hotspotCount: 200, days: 1, seed: 6, faultRate: 0.1)
        )
        defer { simulation.remove() }
        let text = try String(
            contentsOf: simulation.directory.appendingPathComponent(SimulationFile.beacons.fileName),
            encoding: .utf8
        )
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == simulation.beacons.count && lines.count > 100)
        for line in lines { #expect(CanonicalBeaconLineTests.check(Array(line.utf8)), "\(line)") }
    }
}
