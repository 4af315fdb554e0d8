import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Beacon decoding")
struct BeaconDecodingTests {
    @Test func everyFieldIsDecoded() throws {
        let beacon = try #require(try readBeacons(beaconLine()).first?.record)
        #expect(beacon.pubKey == "112pBk8HX5gaeQHR62gYzRAcLgWUBTtGM2iVGWX4ePGDDRXnHo57")
        #expect(beacon.receivedTimestampMs == 1_675_572_018_067)
        #expect(Array(beacon.data) == Array(0...9))
        #expect(beacon.frequencyHz == 903_900_000)
        #expect(beacon.dataRate == .sf7bw125)
        #expect(beacon.txPowerDBm == 21)
        #expect(beacon.timestampNs == 1_675_572_017_755_703_935)
        #expect(beacon.tmst == 0)
        // POC-RULES.md §9 check vector: local = [233, 70, 25, 176], remote = 32 bytes.
        #expect(beacon.localEntropy.map(Array.init) == [233, 70, 25, 176])
        #expect(
            beacon.remoteEntropy.map(Array.init) == [
                182, 170, 63, 128, 217, 53, 95, 19, 157, 153, 134, 38, 184, 209, 255, 23, 118, 205, 163, 106, 225, 26,
                16, 0,
                106, 141, 81, 101, 70, 39, 107, 9,
            ]
        )
        #expect(beacon.entropyTimestampSeconds == 1_677_163_710)
        #expect(beacon.entropyVersion == 0)
        #expect(beacon.source?.description == "b.ndjson:1")
    }

    @Test func minimalBeacon() throws {
        let line =
            #"{"pub_key":"k","received_timestamp":"2023-02-05T04:40:18.067Z","data":"0xff","frequency":867100000,"tx_power":14}"#
        let beacon = try #require(try readBeacons(line).first?.record)
        #expect(beacon.receivedTimestampMs == 1_675_572_018_067)
        #expect(Array(beacon.data) == [0xFF])
        #expect(beacon.dataRate == nil && beacon.localEntropy == nil && beacon.entropyVersion == nil)
    }

    @Test(
        arguments: [
            (["tx_power": nil], "missing required field 'tx_power'"),
            (
                ["tx_power": "270"],
                "field 'tx_power': 270 dBm is not plausible (expected -50 to 50 dBm; tx_power is in whole dBm)"
            ),
            (["tx_power": "21.5"], "field 'tx_power': expected an integer, got '21.5'"),
            (["frequency": "-1"], "field 'frequency': frequency must be positive, got -1 Hz"),
            (["frequency": "903.9"], "field 'frequency': expected an integer, got '903.9'"),
            (["entropy_version": "2"], "field 'entropy_version': 2 is not plausible (expected 0 to 1)"),
            (
                ["entropy_timestamp": "1677163710000"],
                "field 'entropy_timestamp': 1677163710000 s is not plausible (expected 0 to 253402300799 s; entropy_timestamp is in seconds)"
            ),
            (["local_entropy": "[1,2]"], "field 'local_entropy': expected a string, got an array"),
            (["remote_entropy": #""%%%%""#], "field 'remote_entropy': invalid base64 character '%' at position 1"),
            (
                ["datarate": #""SF9BW125X""#],
                "field 'datarate': unknown data rate 'SF9BW125X' (expected a Helium name such as SF9BW125)"
            ),
        ] as [([String: String?], String)]
    )
    func badBeaconFields(overrides: [String: String?], reason: String) throws {
        let items = try readBeacons(beaconLine() + "\n" + beaconLine(overrides))
        #expect(items[0].record != nil)
        #expect(items[1].reject?.error == reason)
        #expect(items[1].reject?.source.description == "b.ndjson:2")
    }
}
