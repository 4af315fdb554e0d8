import PocMapCore
import Testing

@Suite("Model value types")
struct ModelTests {
    @Test func dataRateNamesMatchTheHeliumEnum() {
        // helium/proto data_rate.proto, as listed in POC-RULES.md §8.
        let expected = [
            "SF12BW125", "SF11BW125", "SF10BW125", "SF9BW125", "SF8BW125", "SF7BW125", "SF12BW250", "SF11BW250",
            "SF10BW250", "SF9BW250", "SF8BW250", "SF7BW250", "SF12BW500", "SF11BW500", "SF10BW500", "SF9BW500",
            "SF8BW500", "SF7BW500", "LRFHSS1BW137", "LRFHSS2BW137", "LRFHSS1BW336", "LRFHSS2BW336",
            "LRFHSS1BW1523", "LRFHSS2BW1523", "FSK50",
        ]
        #expect(DataRate.allCases.map(\.name) == expected)
        #expect(DataRate.allCases.map(\.rawValue) == Array(0...24))
        for (index, name) in expected.enumerated() {
            #expect(DataRate(name: name)?.rawValue == UInt8(index))
            #expect(DataRate(name: name.lowercased())?.rawValue == UInt8(index))
        }
    }

    @Test(arguments: [
        "", "SF13BW125", "SF6BW125", "SF9BW126", "SF9", "SF9BW1250", "SF09BW125", "FSK5", "FSK500", "LRFHSS3BW137",
        "SF9BW125 ", "sf9bw125x",
    ])
    func unknownDataRateNames(name: String) {
        #expect(DataRate(name: name) == nil)
    }

    @Test func dataRateProperties() {
        #expect(DataRate.sf12bw125.spreadingFactor == 12)
        #expect(DataRate.sf7bw500.spreadingFactor == 7)
        #expect(DataRate.sf9bw250.bandwidthHz == 250_000)
        #expect(DataRate.lrfhss2bw1523.spreadingFactor == nil)
        #expect(DataRate.lrfhss2bw1523.bandwidthHz == 1_523_000)
        #expect(DataRate.fsk50.bandwidthHz == nil)
    }

    @Test func regionNamesNormalise() {
        #expect(RegionName("as923-1")?.rawValue == "AS923_1")
        #expect(RegionName("AS923_1") == RegionName("as923-1"))
        #expect(RegionName("AU915-SB1")?.hyphenated == "AU915-SB1")
        #expect(RegionName("US915")?.isKnownHeliumRegion == true)
        #expect(RegionName("XX123")?.isKnownHeliumRegion == false)
        #expect(RegionName("") == nil)
        #expect(RegionName("US 915") == nil)
        #expect(RegionName("915US") == nil)
        #expect(RegionName.heliumRegionNames.count == 28)
    }

    @Test func payloadBytesInlineAndSpilled() {
        let short = PayloadBytes([1, 2, 3])
        #expect(short.count == 3)
        #expect(Array(short) == [1, 2, 3])
        #expect(short.hexString == "010203")
        #expect(short == PayloadBytes([1, 2, 3]))
        #expect(short != PayloadBytes([1, 2, 3, 0]))  // same inline words, different length
        #expect(PayloadBytes() == PayloadBytes([]))
        let sixtyFour = PayloadBytes((0..<64).map(UInt8.init))
        let sixtyFive = PayloadBytes((0..<65).map(UInt8.init))
        #expect(Array(sixtyFour) == (0..<64).map(UInt8.init))
        #expect(Array(sixtyFive) == (0..<65).map(UInt8.init))
        #expect(sixtyFive[64] == 64)
        #expect(sixtyFive == PayloadBytes((0..<65).map(UInt8.init)))
        var table: [PayloadBytes: Int] = [:]
        for length in 0..<80 { table[PayloadBytes((0..<length).map { UInt8(($0 * 7 + length) & 0xFF) })] = length }
        #expect(table.count == 80)
        for length in 0..<80 {
            #expect(table[PayloadBytes((0..<length).map { UInt8(($0 * 7 + length) & 0xFF) })] == length)
        }
        sixtyFive.withUnsafeBytes { #expect($0.count == 65) }
        short.withUnsafeBytes { #expect(Array($0) == [1, 2, 3]) }
    }

    @Test func sourceLocationText() {
        #expect(SourceLocation(file: "w.ndjson.gz", line: 412).description == "w.ndjson.gz:412")
        #expect(SourceLocation(file: "a", line: 2) < SourceLocation(file: "a", line: 10))
    }

    @Test func recordConveniences() {
        let witness = WitnessReport(
            pubKey: "k",
            receivedTimestampMs: 0,
            data: PayloadBytes([1]),
            signalDeciDBm: -1063,
            snrDeciDB: -38,
            frequencyHz: 904_500_000
        )
        #expect(witness.rssiDBm == -106.3)
        #expect(witness.snrDB == -3.8)
        let hotspot = Hotspot(key: "h", location: nil)
        #expect(hotspot.gainTenthsDBi == 12 && hotspot.isFullHotspot && !hotspot.isAsserted && hotspot.gainDBi == 1.2)
    }
}
