// `pocmap rewards` end to end: the built binary on the hand-written verdict file of
// Tests/Fixtures/rewards (its shares are worked out in Tests/PocMapPipelineTests/VerdictRewardsTests.swift).

import Foundation
import Testing
import _PocMapTestSupport

@Suite("pocmap rewards")
struct RewardsCommandTests {
    static let fixtureDirectory = TestPaths.fixtures.appendingPathComponent("rewards")
    static let fixture = fixtureDirectory.appendingPathComponent("tiny.verdicts.ndjson")

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-rewards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func sharesFromAVerdictDirectory() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run1 = dir.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run1, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.fixture, to: run1.appendingPathComponent("verdicts.ndjson"))
        let out = dir.appendingPathComponent("rewards")
        let run = try BinaryRunner.run(["rewards", "--verdicts", run1.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("16 verdict(s) read, 3 beacon and 9 witness share(s) in 2 epoch(s)"))
        let csv = try String(contentsOf: out.appendingPathComponent("rewards.csv"), encoding: .utf8)
        #expect(
            csv == """
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
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("pools.csv").path))
    }

    /// With emissions and a paid data transfer: 20 000 000 DC at 2.5 USD/HNT buy 20 000 000 · 1000 / 2.5 =
    /// 8·10⁹ bones, more than the 5·10⁸ data-transfer pool of E = 10⁹, so nothing is unused: the beacon pool is
    /// 6·10⁷ and the witness pool 2.4·10⁸. Per share 6·10⁷/0.865 = 69364161.849710982658960 and
    /// 2.4·10⁸/2.26 = 106194690.265486725663717 (Python `decimal`), amounts ⌊per share × shares⌋.
    @Test func amountsWithEmissionsAndDataTransfer() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hotspots = dir.appendingPathComponent("hotspots.csv")
        try "key\nB1\nW1\nW2\nW3\nW5\n".write(to: hotspots, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run([
            "rewards", "--verdicts", Self.fixture.path, "--hotspots", hotspots.path, "--out", dir.path,
            "--emissions", "1000000000", "--data-credits", "20000000", "--hnt-price", "2.5",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: 1 rewarded key(s) are not in the registry: W6"))
        let rows = try String(contentsOf: dir.appendingPathComponent("rewards.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(rows[0] == "epoch,date,key,beacon_shares,witness_shares,beacon_bones,witness_bones")
        #expect(rows[1] == "19393,2023-02-05,B1,0.62500000,0.15200000,43352601,16141592")
        #expect(rows[2] == "19393,2023-02-05,W1,0.24000000,0.50000000,16647398,53097345")
        #expect(rows.last == "19394,2023-02-06,W2,0.00000000,1.00000000,0,240000000")
        let pools = try String(contentsOf: dir.appendingPathComponent("pools.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(pools[1][3] == "500000000.000000000000000" && pools[1][4] == "500000000.000000000000000")
        #expect(pools[1][5] == "0.000000000000000")
        #expect(pools[1][12] == "69364161.849710982658960" && pools[1][13] == "106194690.265486725663717")
    }

    @Test func unreadableVerdictLinesStopUnlessLenient() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("verdicts.ndjson")
        var text = try String(contentsOf: Self.fixture, encoding: .utf8)
        text += "{\"kind\":\"beacon\"\n"
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let strict = try BinaryRunner.run(["rewards", "--verdicts", broken.path, "--out", dir.path])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("verdicts.ndjson:17: broken JSON"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("rewards.csv").path))
        let lenient = try BinaryRunner.run(["rewards", "--verdicts", broken.path, "--out", dir.path, "--lenient"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rewards.csv").path))
    }

    @Test func badUsageExitsWithStatus2() throws {
        let missing = try BinaryRunner.run(["rewards", "--out", "/tmp/x"])
        #expect(missing.status == 2 && missing.stderr.contains("--verdicts DIR|FILE is required"))
        let noFile = try BinaryRunner.run(["rewards", "--verdicts", "/nonexistent/v.ndjson", "--out", "/tmp/x"])
        #expect(noFile.status == 2 && noFile.stderr.contains("cannot open"))
        let halfDataTransfer = try BinaryRunner.run([
            "rewards", "--verdicts", Self.fixture.path, "--out", "/tmp/x", "--emissions", "5", "--data-credits", "3",
        ])
        #expect(halfDataTransfer.status == 2 && halfDataTransfer.stderr.contains("go together"))
        let help = try BinaryRunner.run(["rewards", "--help"])
        #expect(help.status == 0 && help.stdout.contains("EXAMPLES"))
    }
}
