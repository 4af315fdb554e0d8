import PocMapCore
import Testing

@Suite("PoC reward shares and epoch pools (POC-RULES §7), expected values from Python fractions")
struct PoCRewardTests {
    typealias F = PoCFixtures
    static let day: Int64 = 86_400_000
    static let epoch: Int64 = 19_359  // 2023-01-02
    static let start = epoch * day

    static func ledger() -> RewardLedger {
        var ledger = RewardLedger()
        func d(_ text: String) -> Decimal4 { Decimal4(text)! }
        ledger.add(
            .beacon,
            hotspotKey: "A",
            rewardTimeMs: start + 1_000,
            hexScale: d("0.5015"),
            rewardUnit: d("1.3600")
        )
        // The epoch's end is included …
        ledger.add(.beacon, hotspotKey: "A", rewardTimeMs: start + day, hexScale: d("1.0000"), rewardUnit: d("0.2500"))
        ledger.add(
            .witness,
            hotspotKey: "A",
            rewardTimeMs: start + 5_000,
            hexScale: d("0.2000"),
            rewardUnit: d("0.6067")
        )
        ledger.add(
            .witness,
            hotspotKey: "B",
            rewardTimeMs: start + 2_000,
            hexScale: d("0.5015"),
            rewardUnit: d("0.6067")
        )
        ledger.add(
            .witness,
            hotspotKey: "B",
            rewardTimeMs: start + 3_000,
            hexScale: d("0.5015"),
            rewardUnit: d("0.6067")
        )
        // … its start is not: this one belongs to the next epoch.
        ledger.add(
            .beacon,
            hotspotKey: "B",
            rewardTimeMs: start + day + 1,
            hexScale: d("0.2000"),
            rewardUnit: d("1.8926")
        )
        ledger.add(.witness, hotspotKey: "C", rewardTimeMs: start + 10, hexScale: d("0.3333"), rewardUnit: d("0.2220"))
        ledger.add(.beacon, hotspotKey: "C", rewardTimeMs: start + 20, hexScale: d("0.0001"), rewardUnit: d("0.2500"))
        // Zero factors record nothing.
        ledger.add(.beacon, hotspotKey: "D", rewardTimeMs: start + 30, hexScale: .zero, rewardUnit: d("1.0000"))
        ledger.add(.witness, hotspotKey: "D", rewardTimeMs: start + 30, hexScale: d("0.5000"), rewardUnit: .zero)
        return ledger
    }

    @Test("epoch boundaries: (start, end], so 00:00:00.000 belongs to the previous day")
    func epochs() {
        #expect(RewardLedger.epoch(ofRewardTimeMs: Self.start) == Self.epoch - 1)
        #expect(RewardLedger.epoch(ofRewardTimeMs: Self.start + 1) == Self.epoch)
        #expect(RewardLedger.epoch(ofRewardTimeMs: Self.start + Self.day) == Self.epoch)
        #expect(RewardLedger.epoch(ofRewardTimeMs: Self.start + Self.day + 1) == Self.epoch + 1)
        #expect(Self.ledger().epochs == [Self.epoch, Self.epoch + 1])
    }

    @Test("shares are Σ scale × unit per hotspot, epoch and kind, exact to 10⁻⁸")
    func shares() {
        let shares = Self.ledger().shares(in: Self.epoch)
        #expect(shares.map(\.key) == ["A", "B", "C"])
        #expect(shares.map(\.beaconHundredMillionths) == [93_204_000, 0, 2_500])
        #expect(shares.map(\.witnessHundredMillionths) == [12_134_000, 60_852_010, 7_399_260])
        #expect(shares[0].beaconShares.description == "0.932040000000000")
        #expect(Self.ledger().shares(in: Self.epoch + 1).map(\.beaconHundredMillionths) == [37_852_000])  // 0.2 × 1.8926
    }

    @Test("data credits to bones: rounded up at 15 decimals (helium/oracles dc_to_iot_bones vectors)")
    func dataCredits() throws {
        let price = try #require(Decimal15("0.0359"))  // $0.0359 per 10⁸ bones = the ORACLE test's price per bone
        #expect(try RewardLedger.dataCreditsToBones(502, hntPriceUSD: price).wholePart == 13_983_286)
        #expect(try RewardLedger.dataCreditsToBones(5_000, hntPriceUSD: price).wholePart == 139_275_766)
        #expect(try RewardLedger.dataCreditsToBones(50_000, hntPriceUSD: price).wholePart == 1_392_757_660)
        let total = try RewardLedger.dataCreditsToBones(60_502, hntPriceUSD: try #require(Decimal15("3.59")))
        #expect(total.description == "16852924.791086350974931")
        #expect(throws: RewardComputationError.zeroPrice) {
            try RewardLedger.dataCreditsToBones(1, hntPriceUSD: .zero)
        }
    }

    @Test("pools and payout with data transfer: 6 %/24 % of E plus 20 %/80 % of the unused transfer pool")
    func payoutWithDataTransfer() throws {
        let usage = DataTransferUsage(dataCredits: 60_502, hntPriceUSD: try #require(Decimal15("0.0359")))
        let payout = try Self.ledger().payout(
            epoch: Self.epoch,
            emissionsBones: 100_000_000_000_000,
            dataTransfer: usage
        )
        #expect(payout.dataTransferPool.description == "50000000000000.000000000000000")
        #expect(payout.dataTransferPaid.description == "1685292479.108635097493037")
        #expect(payout.dataTransferUnused.description == "49998314707520.891364902506963")
        #expect(payout.operationsPool.description == "7000000000000.000000000000000")
        #expect(payout.totalBeaconShares.description == "0.932065000000000")
        #expect(payout.totalWitnessShares.description == "0.803852700000000")
        #expect(payout.beaconPerShare.description == "17165823136266.438792337982214")
        #expect(payout.witnessPerShare.description == "79614899304333.633627058795188")
        #expect(payout.rewards.map(\.key) == ["A", "B", "C"])
        #expect(payout.rewards.map(\.beaconBones) == [15_999_233_795_925, 0, 429_145_578])
        #expect(payout.rewards.map(\.witnessBones) == [9_660_471_881_587, 48_447_266_486_163, 5_890_913_398_265])
        // Never more than the pools.
        let beaconPaid = payout.rewards.reduce(UInt64(0)) { $0 + $1.beaconBones }
        #expect(UInt128(beaconPaid) <= payout.beaconPool.wholePart)
    }

    @Test("without data transfer the whole 50 % flows to the PoC pools")
    func payoutWithoutDataTransfer() throws {
        let payout = try Self.ledger().payout(epoch: Self.epoch, emissionsBones: 100_000_000_000_000)
        #expect(payout.dataTransferPaid == .zero)
        #expect(payout.beaconPool.description == "16000000000000.000000000000000")
        #expect(payout.witnessPool.description == "64000000000000.000000000000000")
        #expect(payout.beaconPerShare.description == "17166184761792.364266440645234")
        #expect(payout.witnessPerShare.description == "79616576519553.893393652842119")
        #expect(payout.rewards.map(\.beaconBones) == [15_999_570_845_380, 0, 429_154_619])
        #expect(payout.rewards.map(\.witnessBones) == [9_660_675_394_882, 48_448_287_105_336, 5_891_037_499_780])
    }

    @Test("over-spent data credits cap the transfer pool and leave nothing unused; empty epochs pay nothing")
    func capAndEmpty() throws {
        let usage = DataTransferUsage(dataCredits: 1_000_000_000_000, hntPriceUSD: try #require(Decimal15("0.0359")))
        let payout = try Self.ledger().payout(
            epoch: Self.epoch,
            emissionsBones: 100_000_000_000_000,
            dataTransfer: usage
        )
        #expect(payout.dataTransferPaid == payout.dataTransferPool)
        #expect(payout.dataTransferUnused == .zero)
        #expect(payout.beaconPool.description == "6000000000000.000000000000000")
        let empty = try RewardLedger().payout(epoch: 1, emissionsBones: 1_000)
        #expect(empty.beaconPerShare == .zero && empty.rewards.isEmpty)
    }

    @Test("recording a verified PoC: beacon share at the beacon's time, witness shares at each witness's time")
    func recordStraddlingPoC() throws {
        let pair = try F.pair("ring10")
        let directory = HotspotDirectory([F.hotspot("B", at: pair.beaconer), F.hotspot("W", at: pair.witness)])
        let beaconTime = Int(Self.start + Self.day) - 100  // 100 ms before midnight
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            densityScales: .table([pair.beaconer: Decimal4("0.5000")!]),
            state: F.primedState(beaconers: ["B"], witnesses: ["W"], before: beaconTime)
        )
        let beacon = F.beacon("B", at: beaconTime)
        let witnesses = [F.witness("W", at: beaconTime + 300)]  // after midnight: next epoch
        let result = verifier.verify(beacon: beacon, witnesses: witnesses)
        #expect(result.witnesses[0].selected)
        var ledger = RewardLedger()
        ledger.record(result, beacon: beacon, witnesses: witnesses)
        #expect(ledger.epochs == [Self.epoch, Self.epoch + 1])
        #expect(ledger.shares(in: Self.epoch) == [HotspotShares(key: "B", beaconHundredMillionths: 5_000 * 2_500)])
        #expect(
            ledger.shares(in: Self.epoch + 1) == [HotspotShares(key: "W", witnessHundredMillionths: 5_000 * 10_000)]
        )
    }

    @Test("Decimal15 parsing and printing")
    func decimal15() {
        #expect(Decimal15("12.5")?.description == "12.500000000000000")
        #expect(Decimal15("0.0000000000000010")?.raw == 1)
        #expect(Decimal15("0.0000000000000001") == nil)
        #expect(Decimal15("-1") == nil && Decimal15("") == nil && Decimal15("1.2.3") == nil)
        #expect(Decimal15(7).description == "7.000000000000000")
    }
}
