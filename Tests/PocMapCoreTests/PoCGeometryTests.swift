import PocMapCore
import Testing

@Suite("PoC geometry and RSSI bound against h3-py 4.5.0 and helium/oracles poc.rs")
struct PoCGeometryTests {
    @Test("fixture is present")
    func fixturePresent() {
        #expect(PoCFixtures.geometry.count >= 30)
    }

    @Test(
        "res-11 grid distance and centre distance of every fixture pair",
        arguments: PoCFixtures.geometry.keys.sorted()
    )
    func pairMatchesOracle(name: String) throws {
        let pair = try PoCFixtures.pair(name)
        let directory = HotspotDirectory([
            PoCFixtures.hotspot("B", at: pair.beaconer), PoCFixtures.hotspot("W", at: pair.witness),
        ])
        let b = try #require(directory.id(forKey: "B"))
        let w = try #require(directory.id(forKey: "W"))
        switch pair.grid {
        case "coarse":
            #expect(directory.parent11(of: b) == nil || directory.parent11(of: w) == nil)
        case "error":
            let p1 = try #require(directory.parent11(of: b))
            let p2 = try #require(directory.parent11(of: w))
            #expect(throws: H3Error.self) { try H3.gridDistance(p1, p2) }
        default:
            let p1 = try #require(directory.parent11(of: b))
            let p2 = try #require(directory.parent11(of: w))
            #expect(try H3.gridDistance(p1, p2) == Int(pair.grid))
        }
        let meters = PoCPhysics.distanceMeters(
            try #require(directory.centre(of: b)),
            try #require(directory.centre(of: w))
        )
        #expect(abs(meters - pair.rawDistanceMeters) <= 1e-6 * max(1, pair.rawDistanceMeters), "\(meters)")
        #expect(PoCPhysics.roundedDistanceMeters(meters) == pair.distanceMeters)
    }

    @Test("calc_expected_rssi(12 dBm, 867 900 024 Hz, 508 m, gains 81/83) = -57.334232963418515 (poc.rs test)")
    func oracleExpectedRSSI() {
        let value = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: 12,
            frequencyHz: 867_900_024,
            distanceMeters: 508,
            beaconerGainTenthsDBi: 81,
            witnessGainTenthsDBi: 83
        )
        #expect(value == -57.334232963418515)
    }

    @Test(
        "FSPL and max valid RSSI table of POC-RULES §3.4 (tx 27 dBm, gains 12)",
        arguments: [
            (300, 81.116, -52.116, 80.761), (1_000, 91.574, -62.574, 91.219), (5_000, 105.553, -76.553, 105.198),
            (10_000, 111.574, -82.574, 111.219), (50_000, 125.553, -96.553, 125.198),
            (100_000, 131.574, -102.574, 131.219),
        ] as [(UInt32, Double, Double, Double)]
    )
    func fsplTable(meters: UInt32, fspl904: Double, maxRSSI904: Double, fspl868: Double) {
        #expect(abs(PoCPhysics.freeSpacePathLossDB(frequencyHz: 904_300_000, distanceMeters: meters) - fspl904) < 5e-4)
        #expect(abs(PoCPhysics.freeSpacePathLossDB(frequencyHz: 868_100_000, distanceMeters: meters) - fspl868) < 5e-4)
        let bound = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: 27,
            frequencyHz: 904_300_000,
            distanceMeters: meters,
            beaconerGainTenthsDBi: 12,
            witnessGainTenthsDBi: 12
        )
        #expect(abs(bound - maxRSSI904) < 5e-4)
    }

    @Test("gains are integer-divided by 10, truncating toward zero (19 → 1, -15 → -1), values from Python")
    func integerGains() {
        func bound(_ gb: Int, _ gw: Int) -> Double {
            PoCPhysics.expectedRSSIDBm(
                txPowerDBm: 27,
                frequencyHz: 904_300_000,
                distanceMeters: 991,
                beaconerGainTenthsDBi: gb,
                witnessGainTenthsDBi: gw
            )
        }
        #expect(bound(12, 12) == -62.49528841672611)
        #expect(bound(19, 19) == -62.49528841672611)
        #expect(bound(-15, 12) == -64.49528841672611)
        #expect(bound(20, 12) == bound(12, 12) + 1)
    }

    @Test("distance is symmetric and zero for one cell")
    func distanceBasics() throws {
        let pair = try PoCFixtures.pair("north10km")
        let a = try H3.cellToLatLng(pair.beaconer)
        let b = try H3.cellToLatLng(pair.witness)
        #expect(PoCPhysics.distanceMeters(a, a) == 0)
        #expect(abs(PoCPhysics.distanceMeters(a, b) - PoCPhysics.distanceMeters(b, a)) < 1e-6)
    }
}
