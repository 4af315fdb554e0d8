// The engine on real data: the 13,887 hotspots of 2020-12-22 (gradoj/h3kml) under hip17-2020, against the 40
// clipped densities the network's own model computed on the ledger at height 632627 (helium/blockchain-core).
//
// The oracle is approximate by nature: the ledger counted only *interactive* hotspots, the list has every
// asserted one, and the list is a snapshot of a slightly different day. Clipped counts only grow when hotspots are
// added (every U is a sum of K's and every limit grows with n), so a superset population explains a count above
// the ledger's; a count below it can only come from hotspots missing from the list. The test pins how many
// values match and, for each mismatch, checks and prints which of these two explanations applies.

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("HIP-17 on the real 2020-12-22 network")
struct DensityRealDataTests {
    static let hotspotsURL = TestPaths.realData("gradoj__h3kml/2020-12-22/hotspots.derived.csv")
    static let knownURL = TestPaths.realData(
        "helium__blockchain-core/derived/hip17_known_clipped_densities_ledger_height_632627.csv"
    )
    static let chainVariablesURL = TestPaths.realData("helium__blockchain-core/derived/hip17_chain_vars.csv")

    static var available: Bool {
        [hotspotsURL, knownURL, chainVariablesURL].allSatisfy { FileManager.default.fileExists(atPath: $0.path) }
    }

    struct Hotspot {
        var name: String
        var location: H3Cell
        var point: LatLng
    }

    @Test("40 known clipped densities: exact matches pinned, every mismatch explained")
    func knownClippedDensities() throws {
        guard Self.available else {
            print("skipped: shared real data is absent (\(Self.hotspotsURL.path))")
            return
        }
        let hotspots = try DensityFixtures.rows(url: Self.hotspotsURL).map { row in
            Hotspot(
                name: row["name"] ?? "",
                location: try H3Cell(string: row["h3_res12_from_latlng"] ?? ""),
                point: LatLng(
                    latitudeDegrees: Double(row["lat"] ?? "") ?? .nan,
                    longitudeDegrees: Double(row["lng"] ?? "") ?? .nan
                )
            )
        }
        #expect(hotspots.count == 13_887)
        // The chain's own export of its variables: hip17-2020 for 4...10 plus rows 0...3 (tgt = max = 100 000), so
        // the engine also yields the resolution-0 counts the ledger model reported.
        let chain = try DensityParameterSet.parse(
            csv: try String(contentsOf: Self.chainVariablesURL, encoding: .utf8),
            name: "chain",
            source: Self.chainVariablesURL.lastPathComponent
        )
        let locations = hotspots.map(\.location)
        let result = HexDensity.compute(locations: locations, parameters: chain)
        #expect(result.skipped.isEmpty)
        // Rows 0-3 are reported only: resolutions 4...10 and every scale are those of the built-in hip17-2020.
        let builtIn = HexDensity.compute(locations: locations, parameters: .hip17_2020)
        #expect(builtIn.allScales() == result.allScales())
        #expect(builtIn.hexes(atResolution: 5) == result.hexes(atResolution: 5))

        var rawCounts: [H3Cell: Int] = [:]  // listed hotspots per hex, every resolution 0...12
        for location in locations {
            for resolution in 0...12 {
                rawCounts[try H3.cellToParent(location, resolution: resolution), default: 0] += 1
            }
        }

        let known = try DensityFixtures.rows(url: Self.knownURL)
        #expect(known.count == 40)
        var matches: [Int: Int] = [:]
        var totals: [Int: Int] = [:]
        var report: [String] = []
        for row in known {
            let cell = try H3Cell(string: row["h3_cell"] ?? "")
            let resolution = try #require(Int(row["resolution"] ?? ""))
            #expect(cell.resolution == resolution)
            #expect(UInt64(row["h3_int"] ?? "") == cell.rawValue)
            let ledger = try #require(Int(row["clipped_density_python_model"] ?? ""))
            let raw = rawCounts[cell] ?? 0
            // Resolution 12 is never clipped (tgt = max = 100 000): its clipped density is the hotspot count.
            let ours = resolution == 12 ? raw : (result.counts(of: cell)?.clipped ?? 0)
            totals[resolution, default: 0] += 1
            if ours == ledger {
                matches[resolution, default: 0] += 1
                report.append("r\(resolution) \(cell): \(ours) = ledger")
                continue
            }
            if ours > ledger {
                // More listed hotspots than the ledger counted as interactive. The list must hold at least as
                // many hotspots in the hex as the ledger's clipped count, and ours can only exceed it through them.
                #expect(raw >= ledger)
                var why =
                    "ours \(ours) > ledger \(ledger): \(raw) listed hotspots in the hex; the ledger counted "
                    + "only interactive hotspots, and clipped counts grow with the population"
                if resolution == 5 {
                    let steps = subtreeCounts(result, cell: cell)
                    // A sparse hex: nothing was clipped on the way up, so K = the number of listed hotspots and
                    // exactly ours − ledger of them were not interactive.
                    #expect(steps.allSatisfy { $0.clipped == $0.unclipped })
                    #expect(ours == raw)
                    why += "; unclipped at every resolution, so exactly \(ours - ledger) of them were not interactive"
                }
                report.append("r\(resolution) \(cell): MISMATCH \(why)")
            } else {
                // Fewer: the list lacks hotspots the ledger had. Show that the hex is (nearly) empty in the list.
                #expect(raw < ledger)
                let centre = try H3.cellToLatLng(cell)
                let nearest =
                    hotspots.map { H3.greatCircleDistance(centre, $0.point, unit: .kilometers) }.min() ?? .infinity
                #expect(raw == 0 && nearest > 100, "an empty hex far from every listed hotspot")
                report.append(
                    "r\(resolution) \(cell): MISMATCH ours \(ours) < ledger \(ledger): the 2020-12-22 list has \(raw) "
                        + "hotspots here (nearest listed hotspot \(Int(nearest)) km from the centre); the ledger had "
                        + "hotspots this export lacks"
                )
            }
        }
        print("HIP-17 real-data check (hip17-2020, ledger height 632627 vs 2020-12-22 list):")
        for line in report { print("  " + line) }
        print(
            "  matches: res 12 \(matches[12] ?? 0)/\(totals[12] ?? 0), res 5 \(matches[5] ?? 0)/\(totals[5] ?? 0), "
                + "res 0 \(matches[0] ?? 0)/\(totals[0] ?? 0); total \(matches.values.reduce(0, +))/\(known.count)"
        )
        #expect(totals == [12: 6, 5: 9, 0: 25])
        #expect(matches[12] == 6, "every resolution-12 count must match")
        #expect(matches[5] == 7, "7 of 9 resolution-5 values match; the other two are explained above")
        #expect(matches[0] == 8, "8 of 25 resolution-0 values match; the others are explained above")
    }

    /// The counts of `cell` and of every hex with hotspots inside it, down to resolution 11.
    func subtreeCounts(_ result: DensityResult, cell: H3Cell) -> [HexCounts] {
        var steps: [HexCounts] = []
        var level = [cell]
        for resolution in cell.resolution...11 {
            var next: [H3Cell] = []
            for hex in level {
                guard let counts = result.counts(of: hex) else { continue }
                steps.append(counts)
                if resolution < 11 {
                    next += ((try? H3.cellToChildren(hex, resolution: resolution + 1)) ?? []).filter {
                        result.counts(of: $0) != nil
                    }
                }
            }
            level = next
        }
        return steps
    }
}
