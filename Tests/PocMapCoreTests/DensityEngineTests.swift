// The HIP-17 engine (POC-RULES.md 6) against the worked examples, Helium's own vector and the fixtures of the
// independent reference implementation (Scripts/density/make_density_fixtures.py, exact fractions on h3 4.5.0).

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("HIP-17 density engine")
struct DensityEngineTests {
    // MARK: parameters

    @Test("HIP-17's limit example: N = 2, tgt = 1, max = 4 gives 100 100 100 200 300 400 400 400 %")
    func limitTable() {
        let rule = DensityResolutionParameters(occupiedHexesNeeded: 2, target: 1, maximum: 4)
        let percent = (0...7).map { rule.limit(occupiedCount: $0) * 100 / rule.target }
        #expect(percent == [100, 100, 100, 200, 300, 400, 400, 400])
        // The same rule is hip17-2020's resolution 8.
        #expect(DensityParameterSet.hip17_2020[8] == rule)
    }

    @Test("built-in sets transcribe POC-RULES.md 6.3")
    func builtInSets() {
        let hip104: [Int: (Int, Int, Int)] = [
            4: (2, 500, 1000), 5: (4, 100, 200), 6: (4, 25, 50), 7: (4, 5, 10), 8: (2, 1, 1), 9: (2, 1, 1),
            10: (2, 1, 1),
        ]
        let hip17: [Int: (Int, Int, Int)] = [
            4: (1, 250, 800), 5: (1, 100, 400), 6: (1, 25, 100), 7: (2, 5, 20), 8: (2, 1, 4), 9: (2, 1, 2),
            10: (2, 1, 1),
        ]
        for (set, table) in [(DensityParameterSet.hip104, hip104), (.hip17_2020, hip17)] {
            for resolution in 0...15 {
                let got = set[resolution]
                if let row = table[resolution] {
                    #expect(got?.occupiedHexesNeeded == row.0 && got?.target == row.1 && got?.maximum == row.2)
                } else {
                    #expect(got == nil, "\(set.name) must not clip at resolution \(resolution)")
                }
            }
            #expect(set.clippedResolutions == [10, 9, 8, 7, 6, 5, 4])
        }
        #expect(DensityParameterSet.builtIn(named: "hip104")?.name == "hip104")
        #expect(DensityParameterSet.builtIn(named: "HIP17_2020")?.name == "hip17-2020")
        #expect(DensityParameterSet.builtIn(named: "hip17") == nil)
        #expect(DensityParameterSet.scaledResolutions == [10, 9, 8, 7, 6, 5, 4])
    }

    // MARK: worked examples

    /// POC-RULES.md 6.5 qualitative cases under hip104, as stated by the spec (not by the generator).
    static let specExamples: [String: String] = [
        "alone": "1.0000",
        "res11-pair-a": "0.5000", "res11-pair-b": "0.5000",
        "res10-pair-a": "0.5000", "res10-pair-b": "0.5000",
        "res8-pair-a": "0.5000", "res8-pair-b": "0.5000",
        "adjacent-res8-a": "1.0000", "adjacent-res8-b": "1.0000",
        "res8-trio-a": "0.2500", "res8-trio-b": "0.2500", "res8-trio-c": "0.5000",
        "same-cell-a": "0.5000", "same-cell-b": "0.5000",
    ]

    @Test("POC-RULES.md 6.5: alone 1.0, pairs 0.5, adjacent res-8 1.0, trio 0.25/0.25/0.5")
    func qualitativeExamples() throws {
        let hotspots = try DensityFixtures.hotspots("examples")
        #expect(Set(hotspots.map(\.key)) == Set(Self.specExamples.keys))
        let result = HexDensity.compute(locations: hotspots.map(\.location), parameters: .hip104)
        #expect(result.skipped.isEmpty)
        for hotspot in hotspots {
            #expect(result.scale(at: hotspot.location)?.description == Self.specExamples[hotspot.key], "\(hotspot.key)")
        }
    }

    @Test("the examples hold when each case is computed on its own")
    func examplesInIsolation() throws {
        let hotspots = try DensityFixtures.hotspots("examples")
        let groups = Dictionary(grouping: hotspots) { hotspot in
            hotspot.key.split(separator: "-").dropLast().joined(separator: "-")
        }
        for (_, group) in groups {
            let result = HexDensity.compute(locations: group.map(\.location))
            for hotspot in group {
                #expect(result.scale(at: hotspot.location)?.description == Self.specExamples[hotspot.key])
            }
        }
    }

    // MARK: fixtures of the reference implementation

    static let fixtureRuns: [(scenario: String, set: String)] = [
        ("examples", "hip104"), ("oracle_simple_scale_check", "hip104"),
        ("metro", "hip104"), ("metro", "hip17-2020"), ("ties", "hip104"), ("ties", "hip17-2020"),
    ]

    @Test("every column of density.csv matches the reference", arguments: fixtureRuns)
    func referenceFixture(run: (scenario: String, set: String)) throws {
        let parameters = try #require(DensityParameterSet.builtIn(named: run.set))
        let hotspots = try DensityFixtures.hotspots(run.scenario)
        let expected = try DensityFixtures.rows("\(run.scenario).\(run.set).density.csv")
        #expect(expected.count == hotspots.count)
        let result = HexDensity.compute(locations: hotspots.map(\.location), parameters: parameters)
        var mismatches: [String] = []
        for (hotspot, row) in zip(hotspots, expected) {
            #expect(row["key"] == hotspot.key)
            let want = DensityFixtures.resultColumns.map { row[$0] ?? "missing" }
            let got = try DensityFixtures.resultFields(result, location: hotspot.location)
            if got != want { mismatches.append("\(hotspot.key): got \(got), want \(want)") }
        }
        #expect(mismatches.count == 0, "rows differ, first: \(mismatches.prefix(3))")
    }

    @Test("the fixtures are the generator's output (SHA256SUMS)")
    func fixtureHashes() throws {
        let sums = try String(
            contentsOf: DensityFixtures.directory.appendingPathComponent("SHA256SUMS"),
            encoding: .utf8
        )
        var checked = 0
        for line in sums.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            let data = try Data(contentsOf: DensityFixtures.directory.appendingPathComponent(String(parts[1])))
            #expect(
                SHA256Hasher.hash([UInt8](data)).hexString == String(parts[0]),
                "\(parts[1]) changed since it was generated"
            )
            checked += 1
        }
        #expect(checked == 10)
    }

    @Test("Helium's simple_scale_check: the 31 published hip104 scales")
    func oracleVector() throws {
        // helium/oracles iot_verifier/src/hex_density.rs #[test] simple_scale_check, transcribed.
        let expected: [UInt64: String] = [
            631_210_990_515_537_919: "0.0060", 631_210_990_516_955_647: "0.0417", 631_210_990_516_885_503: "0.0139",
            631_210_990_515_601_919: "0.0104", 631_210_990_516_590_079: "0.0556", 631_210_990_516_888_063: "0.0139",
            631_210_990_516_640_767: "0.0556", 631_210_990_516_907_007: "0.0208", 631_210_990_515_874_303: "0.0556",
            631_210_990_517_011_455: "0.0139", 631_210_990_516_363_775: "0.1667", 631_210_990_515_589_631: "0.0104",
            631_210_990_516_996_607: "0.0139", 631_210_990_515_600_383: "0.0104", 631_210_990_517_016_575: "0.0139",
            631_210_990_515_606_527: "0.0104", 631_210_990_515_739_647: "0.0083", 631_210_990_516_613_631: "0.0278",
            631_210_990_516_876_799: "0.0139", 631_210_990_515_924_479: "0.0556", 631_210_990_515_538_431: "0.0060",
            631_210_990_515_536_895: "0.0060", 631_210_990_517_144_063: "0.0833", 631_210_990_517_264_895: "0.0833",
            631_210_990_516_612_607: "0.0278", 631_210_990_515_722_239: "0.0083", 631_210_990_516_912_639: "0.0208",
            631_210_990_515_727_359: "0.0083", 631_210_990_515_564_031: "0.0417", 631_210_990_515_728_895: "0.0083",
            631_210_990_515_987_455: "0.0556",
        ]
        let hotspots = try DensityFixtures.hotspots("oracle_simple_scale_check")
        #expect(hotspots.count == 36)
        let result = HexDensity.compute(locations: hotspots.map(\.location), parameters: .hip104)
        #expect(result.scaledLocationCount == expected.count)
        for (raw, scale) in expected {
            #expect(result.scale(at: H3Cell(rawValue: raw))?.description == scale, "\(raw)")
        }
    }

    @Test("midpoints: 1/32 -> 0.0312 (not 0.0313) and 15/32 -> 0.4688 (not 0.4687)")
    func ties() throws {
        let hotspots = try DensityFixtures.hotspots("ties")
        for set in [DensityParameterSet.hip104, .hip17_2020] {
            let result = HexDensity.compute(locations: hotspots.map(\.location), parameters: set)
            for hotspot in hotspots where hotspot.key.hasPrefix("tie32-") {
                #expect(result.scale(at: hotspot.location)?.description == "0.0312")
            }
        }
        let result = HexDensity.compute(locations: hotspots.map(\.location), parameters: .hip17_2020)
        let odd = hotspots.filter { hotspot in
            guard let steps = result.working(for: hotspot.location) else { return false }
            // exact product == 15/32
            var numerator = 1
            var denominator = 1
            for step in steps where step.isScaled {
                numerator *= step.clipped
                denominator *= step.unclipped
            }
            return numerator * 32 == denominator * 15
        }
        #expect(!odd.isEmpty, "the fixture must contain an exact 0.46875")
        for hotspot in odd { #expect(result.scale(at: hotspot.location)?.description == "0.4688") }
    }

    // MARK: properties

    /// A seeded random population: a few clusters of varied spread around `center`.
    static func population(seed: UInt64, center: (Double, Double), count: Int) throws -> [H3Cell] {
        var rng = SplitMix64(seed: seed)
        var cells: [H3Cell] = []
        for index in 0..<count {
            let spreadKm = [0.05, 0.3, 2.0, 8.0, 40.0][index % 5]
            let lat = center.0 + (rng.nextDouble() - 0.5) * spreadKm / 55.66
            let lng = center.1 + (rng.nextDouble() - 0.5) * spreadKm / 55.66 / cos(center.0 * .pi / 180)
            cells.append(try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: 12))
        }
        return cells
    }

    @Test("invariant: the scales inside a hex sum to its clipped count (exact before rounding)")
    func conservation() throws {
        for (seed, set) in [(UInt64(1), DensityParameterSet.hip104), (2, .hip17_2020)] {
            let cells = try Self.population(seed: seed, center: (48.85, 2.35), count: 1_500)
            let result = HexDensity.compute(locations: cells, parameters: set)
            for resolution in [10, 8, 7, 5, 4] {
                var sums: [H3Cell: Double] = [:]
                for cell in cells {  // every hotspot, duplicates included
                    var product = 1.0
                    var parentAtResolution: H3Cell? = nil
                    for step in result.working(for: cell) ?? [] where step.resolution >= resolution {
                        product *= Double(step.clipped) / Double(step.unclipped)
                        if step.resolution == resolution { parentAtResolution = step.cell }
                    }
                    if let parentAtResolution { sums[parentAtResolution, default: 0] += product }
                }
                #expect(!sums.isEmpty)
                for (hex, sum) in sums {
                    let clipped = Double(result.counts(of: hex)?.clipped ?? -1)
                    #expect(abs(sum - clipped) < 1e-9 * max(1, clipped), "\(set.name) r\(resolution) \(hex)")
                }
            }
            // Under hip104 the scales of one res-8 hex sum to at most 1.
            if set == .hip104 {
                var perHex: [H3Cell: (sum: Double, count: Int)] = [:]
                for cell in cells {
                    let hex = try H3.cellToParent(cell, resolution: 8)
                    let scale = result.scale(at: cell)?.doubleValue ?? 0
                    perHex[hex, default: (0, 0)].sum += scale
                    perHex[hex, default: (0, 0)].count += 1
                }
                #expect(perHex.values.contains { $0.count > 1 })
                for (hex, value) in perHex {
                    // each rounded scale is within 0.00005 of its exact value
                    #expect(value.sum <= 1 + Double(value.count) * 0.00005 + 1e-12, "\(hex)")
                }
            }
        }
    }

    @Test("the result does not depend on input order")
    func orderIndependence() throws {
        let cells = try Self.population(seed: 3, center: (-33.87, 151.21), count: 1_200)
        var rng = SplitMix64(seed: 4)
        var shuffled = cells
        for index in stride(from: shuffled.count - 1, to: 0, by: -1) {
            shuffled.swapAt(index, rng.nextInt(below: index + 1))
        }
        for set in DensityParameterSet.builtIn {
            let a = HexDensity.compute(locations: cells, parameters: set)
            let b = HexDensity.compute(locations: shuffled, parameters: set)
            #expect(a.allScales() == b.allScales())
            for resolution in 4...11 { #expect(a.hexes(atResolution: resolution) == b.hexes(atResolution: resolution)) }
        }
    }

    @Test("the working explains every step: U = sum of the children's K, K = min(limit(n), U)")
    func working() throws {
        let cells = try Self.population(seed: 5, center: (40.71, -74.0), count: 800)
        let result = HexDensity.compute(locations: cells, parameters: .hip17_2020)
        for cell in cells.prefix(200) {
            let steps = try #require(result.working(for: cell))
            #expect(steps.map(\.resolution) == [11, 10, 9, 8, 7, 6, 5, 4])
            #expect(steps.first?.occupiedCount == nil && steps.first?.clipped == steps.first?.unclipped)
            var product = (numerator: 1, denominator: 1)
            for step in steps.dropFirst() {
                let rule = try #require(DensityParameterSet.hip17_2020[step.resolution])
                #expect(step.limit == rule.limit(occupiedCount: step.occupiedCount ?? -1))
                #expect(step.clipped == min(step.limit ?? 0, step.unclipped))
                let children = try H3.cellToChildren(step.cell, resolution: step.resolution + 1)
                let sum = children.compactMap { result.counts(of: $0)?.clipped }.reduce(0, +)
                #expect(step.unclipped == sum)
                product.numerator *= step.clipped
                product.denominator *= step.unclipped
            }
            let scale = try #require(result.scale(at: cell))
            #expect(
                scale
                    == Decimal4.rounded(numerator: UInt64(product.numerator), denominator: UInt64(product.denominator))
            )
        }
    }

    @Test("table(for:) answers like scale(at:) and parentHexes(of:), in query order")
    func bulkTable() throws {
        var queries = try Self.population(seed: 6, center: (51.5, -0.12), count: 900)
        let result = HexDensity.compute(locations: queries, parameters: .hip17_2020)
        // duplicates, an unseeded neighbour cell and a reversed order
        queries += queries.prefix(50)
        queries.append(try H3.latLngToCell(LatLng(latitudeDegrees: -10, longitudeDegrees: -10), resolution: 12))
        queries.reverse()
        let table = result.table(for: queries)
        #expect(table.count == queries.count)
        #expect(table.resolutions == 4...11)
        var unseeded = 0
        for (row, query) in queries.enumerated() {
            #expect(table.scale(at: row) == result.scale(at: query))
            guard let parents = result.parentHexes(of: query) else {
                unseeded += 1
                #expect(table.counts(at: row, resolution: 8) == nil)
                continue
            }
            #expect(parents.map(\.resolution) == Array((4...11).reversed()))
            for parent in parents {
                #expect(table.counts(at: row, resolution: parent.resolution) == parent.counts)
                #expect(result.counts(of: parent.cell) == parent.counts)
                #expect(parent.cell == (try H3.cellToParent(query, resolution: parent.resolution)))
            }
            #expect(table.counts(at: row, resolution: 3) == nil)
            #expect(table.counts(at: row, resolution: 12) == nil)
        }
        #expect(unseeded == 1)
    }

    // MARK: inputs, defaults, activity

    @Test("skipped inputs and the 0.2 default")
    func defaultsAndSkips() throws {
        let fine = try H3Cell(string: "8c2830828a8cdff")
        let coarse = try H3.cellToParent(fine, resolution: 9)
        let invalid = H3Cell(rawValue: 0x8c28_3082_8a8c_dfff ^ (0xF << 59))  // mode bits broken
        let result = HexDensity.compute(locations: [fine, coarse, invalid])
        #expect(result.inputCount == 3)
        #expect(result.skipped.map(\.index) == [1, 2])
        #expect(result.skipped.map(\.reason) == [.coarserThanSeed(resolution: 9), .invalidCell])
        #expect(result.scale(at: fine)?.description == "1.0000")
        #expect(result.scale(at: coarse) == nil)
        #expect(HexDensity.defaultTransmitScale.description == "0.2000")
        #expect(result.transmitScale(forBeaconerAt: coarse).description == "0.2000")
        #expect(result.transmitScale(forBeaconerAt: nil).description == "0.2000")
        #expect(result.transmitScale(forBeaconerAt: fine).description == "1.0000")
        // A cell inside a mapped hex but not itself asserted by an active hotspot gets the default, as in Helium.
        let neighbourInSameRes11 = try #require(
            try H3.cellToChildren(try H3.cellToParent(fine, resolution: 11), resolution: 12).first { $0 != fine }
        )
        #expect(result.transmitScale(forBeaconerAt: neighbourInSameRes11).description == "0.2000")
        // A resolution-11 or -15 location is seeded like a resolution-12 one.
        let res11 = try H3.cellToParent(fine, resolution: 11)
        let res15 = try H3.cellToCenterChild(fine, resolution: 15)
        let both = HexDensity.compute(locations: [res11, res15])
        #expect(both.skipped.isEmpty)
        #expect(both.scale(at: res11)?.description == "0.5000")
        #expect(both.scale(at: res15)?.description == "0.5000")
        let empty = HexDensity.compute(locations: [])
        #expect(empty.scaledLocationCount == 0 && empty.inputCount == 0)
    }

    @Test("locations of mixed resolutions get the scale of their resolution-11 parent, as single-resolution ones")
    func mixedResolutions() throws {
        // Locations at resolutions 11, 12, 13 and 15, several per res-11 cell, in a crowded res-7 hex (clipping
        // gives several scales). Sorted by index they interleave parents out of order (the resolution bits come
        // first), which the engine must handle; the same population moved to res-12 centre children keeps every
        // res-11 count and so every scale.
        var generator = SplitMix64(seed: 3)
        let hex = try H3.latLngToCell(LatLng(latitudeDegrees: 52.52, longitudeDegrees: 13.40), resolution: 7)
        let parents = try H3.cellToChildren(hex, resolution: 11)
        var mixed: [H3Cell] = []
        var moved: [H3Cell] = []
        for _ in 0..<3_000 {
            let parent = parents[Int(generator.next() % UInt64(parents.count))]
            let resolution = [11, 12, 13, 15][Int(generator.next() % 4)]
            mixed.append(try H3.cellToCenterChild(parent, resolution: resolution))
            moved.append(try H3.cellToCenterChild(parent, resolution: 12))
        }
        let result = HexDensity.compute(locations: mixed)
        let reference = HexDensity.compute(locations: moved)
        #expect(result.scaledLocationCount == Set(mixed).count)
        var scales = Set<Decimal4>()
        for (location, twin) in zip(mixed, moved) {
            let scale = try #require(result.scale(at: location))
            #expect(scale == reference.scale(at: twin))
            scales.insert(scale)
        }
        #expect(scales.count >= 3)
    }

    @Test("activity: last_beacon_reciprocity no older than 60 h + 60 min counts (POC-RULES.md 6.2)")
    func activity() throws {
        let build: Int64 = 1_700_000_000_000
        let limit = build - 61 * 3_600_000
        #expect(DensityActivity.isActive(lastBeaconReciprocityMilliseconds: limit, buildTimeMilliseconds: build))
        #expect(!DensityActivity.isActive(lastBeaconReciprocityMilliseconds: limit - 1, buildTimeMilliseconds: build))
        #expect(DensityActivity.isActive(lastBeaconReciprocityMilliseconds: build, buildTimeMilliseconds: build))
        #expect(!DensityActivity.isActive(lastBeaconReciprocityMilliseconds: nil, buildTimeMilliseconds: build))
        let a = try H3Cell(string: "8c2830828a8cdff")
        let b = try H3Cell(string: "8c2830828a8c9ff")
        let candidates = [
            DensityCandidate(location: a, lastBeaconReciprocityMilliseconds: build - 3_600_000),
            DensityCandidate(location: b, lastBeaconReciprocityMilliseconds: limit - 1),  // inactive
            DensityCandidate(location: nil, lastBeaconReciprocityMilliseconds: build),  // unasserted
            DensityCandidate(location: b, lastBeaconReciprocityMilliseconds: nil),  // never passed
        ]
        #expect(HexDensity.activeLocations(candidates, buildTimeMilliseconds: build) == [a])
    }
}
