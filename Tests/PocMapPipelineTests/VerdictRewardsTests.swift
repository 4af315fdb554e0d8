import Foundation
import PocMapCore
import PocMapIO
import Testing
import _PocMapTestSupport

@testable import PocMapPipeline

/// Reward shares from the hand-written verdict file `Tests/Fixtures/rewards/tiny.verdicts.ndjson`:
/// - PoC A: B1 beacons with hex scale 0.5 and 3 selected witnesses (HIP-15 w = 3: TX 0.75, RX 1.0) W1, W2, W3,
///   plus W4 invalid (below_min_distance);
/// - PoC B: W1 beacons with the default scale 0.2 and 5 selected witnesses (TX 1.2, RX 0.76) B1, W2, W3, W5, W6;
/// - PoC C: an invalid beacon by B2 and an inherited invalid witness (no shares);
/// - PoC D: B1 beacons at exactly 2023-02-06T00:00:00Z (scale 1.0, w = 1: TX 0.25) — that instant closes epoch
///   2023-02-05 — and W2 witnesses 1 ms later, in epoch 2023-02-06; W9 has no matching beacon.
/// Hand-computed shares, epoch 19393 (2023-02-05):
///   B1 beacon 0.5·0.75 + 1.0·0.25 = 0.625, witness 0.2·0.76 = 0.152
///   W1 beacon 0.2·1.2 = 0.24, witness 0.5·1.0 = 0.5
///   W2, W3 witness 0.5 + 0.152 = 0.652; W5, W6 witness 0.152
/// epoch 19394 (2023-02-06): W2 witness 1.0.
@Suite("Verdict rewards")
struct VerdictRewardsTests {
    static let fixture = TestPaths.fixtures.appendingPathComponent("rewards/tiny.verdicts.ndjson").path

    static func tally() throws -> VerdictRewards {
        var tally = VerdictRewards()
        try tally.read(path: fixture)
        return tally
    }

    @Test func handComputedSharesPerEpoch() throws {
        let tally = try Self.tally()
        #expect(tally.verdicts == 16 && tally.rejects.isEmpty)
        #expect(tally.beaconShareLines == 3 && tally.witnessShareLines == 9)
        #expect(tally.ledger.epochs == [19393, 19394])
        let day1 = tally.ledger.shares(in: 19393)
        let expected: [(String, UInt64, UInt64)] = [
            ("B1", 62_500_000, 15_200_000), ("W1", 24_000_000, 50_000_000), ("W2", 0, 65_200_000),
            ("W3", 0, 65_200_000), ("W5", 0, 15_200_000), ("W6", 0, 15_200_000),
        ]
        #expect(day1.map(\.key) == expected.map(\.0))
        for (entry, want) in zip(day1, expected) {
            #expect(entry.beaconHundredMillionths == want.1, "\(entry.key) beacon")
            #expect(entry.witnessHundredMillionths == want.2, "\(entry.key) witness")
        }
        #expect(tally.ledger.shares(in: 19394) == [HotspotShares(key: "W2", witnessHundredMillionths: 100_000_000)])
    }

    @Test func sharesTableWithoutEmissions() throws {
        let report = try RewardsReport(ledger: try Self.tally().ledger)
        #expect(report.poolsCSV == nil && report.rewardRows == 7)
        #expect(
            report.rewardsCSV == """
                epoch,date,key,beacon_shares,witness_shares
                19393,2023-02-05,B1,0.62500000,0.15200000
                19393,2023-02-05,W1,0.24000000,0.50000000
                19393,2023-02-05,W2,0.00000000,0.65200000
                19393,2023-02-05,W3,0.00000000,0.65200000
                19393,2023-02-05,W5,0.00000000,0.15200000
                19393,2023-02-05,W6,0.00000000,0.15200000
                19394,2023-02-06,W2,0.00000000,1.00000000

                """
        )
    }

    /// E = 10⁹ bones and no data transfer: the data-transfer pool (5·10⁸) is all unused, so the beacon pool is
    /// 6·10⁷ + 0.2·5·10⁸ = 1.6·10⁸ and the witness pool 2.4·10⁸ + 0.8·5·10⁸ = 6.4·10⁸. Per share and amounts
    /// computed independently with Python's `decimal` (60 digits; half-even at 15 places, then floor):
    /// beacon per share 1.6·10⁸ / 0.865 = 184971098.265895953757225, witness 6.4·10⁸ / 2.26 =
    /// 283185840.707964601769912.
    @Test func poolsAndAmountsWithEmissions() throws {
        let report = try RewardsReport(
            ledger: try Self.tally().ledger,
            emissions: EmissionsInput(emissionsBones: 1_000_000_000)
        )
        let rows = report.rewardsCSV.split(separator: "\n").map(String.init)
        #expect(
            rows == [
                "epoch,date,key,beacon_shares,witness_shares,beacon_bones,witness_bones",
                "19393,2023-02-05,B1,0.62500000,0.15200000,115606936,43044247",
                "19393,2023-02-05,W1,0.24000000,0.50000000,44393063,141592920",
                "19393,2023-02-05,W2,0.00000000,0.65200000,0,184637168",
                "19393,2023-02-05,W3,0.00000000,0.65200000,0,184637168",
                "19393,2023-02-05,W5,0.00000000,0.15200000,0,43044247",
                "19393,2023-02-05,W6,0.00000000,0.15200000,0,43044247",
                "19394,2023-02-06,W2,0.00000000,1.00000000,0,640000000",
            ]
        )
        let pools = try #require(report.poolsCSV).split(separator: "\n").map(String.init)
        #expect(pools.count == 3)
        let day1 = pools[1].split(separator: ",").map(String.init)
        #expect(day1[0] == "19393" && day1[2] == "1000000000")
        #expect(day1[6] == "160000000.000000000000000" && day1[7] == "640000000.000000000000000")
        #expect(day1[12] == "184971098.265895953757225" && day1[13] == "283185840.707964601769912")
        #expect(day1[14] == "6")
        let day2 = pools[2].split(separator: ",").map(String.init)
        #expect(day2[12] == "0.000000000000000" && day2[13] == "640000000.000000000000000")
    }

    @Test func verdictFileIsFoundInADirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-rw-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(VerdictRewards.verdictFile(in: directory.path) == nil)
        let file = directory.appendingPathComponent("verdicts.ndjson.gz")
        try Data().write(to: file)
        #expect(VerdictRewards.verdictFile(in: directory.path) == file.path)
        #expect(VerdictRewards.verdictFile(in: Self.fixture) == Self.fixture)
    }

    @Test func writeReplacesFilesAtomically() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-rw-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try RewardsReport(
            ledger: try Self.tally().ledger,
            emissions: EmissionsInput(emissionsBones: 1_000_000_000)
        )
        let written = try report.write(to: directory.path)
        #expect(written.map { URL(fileURLWithPath: $0).lastPathComponent } == ["rewards.csv", "pools.csv"])
        #expect(try String(contentsOfFile: written[0], encoding: .utf8) == report.rewardsCSV)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers.sorted() == ["pools.csv", "rewards.csv"])
    }

    @Test func isoDatesOfDayNumbers() {
        #expect(RFC3339.isoDate(daysSinceEpoch: 0) == "1970-01-01")
        #expect(RFC3339.isoDate(daysSinceEpoch: 19393) == "2023-02-05")
        #expect(RFC3339.isoDate(daysSinceEpoch: 11016) == "2000-02-29")
        #expect(RFC3339.isoDate(daysSinceEpoch: -1) == "1969-12-31")
        for day in stride(from: -800_000, through: 2_900_000, by: 997) {
            let (y, m, d) = RFC3339.civilFromDays(day)
            #expect(RFC3339.daysFromCivil(year: y, month: m, day: d) == day)
        }
    }
}
