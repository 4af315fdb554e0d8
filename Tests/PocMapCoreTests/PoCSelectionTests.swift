import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("PoC witness selection, reward units and hex scale (POC-RULES §5, §6.4 use)")
struct PoCSelectionTests {
    typealias F = PoCFixtures

    /// The beaconer B at the fixture's San Francisco cell and `count` witnesses W0…W(n−1) on the res-11 ring 12
    /// around its parent (≈ 550–600 m, all ≥ 8 cells), reciprocity primed.
    static func world(witnesses count: Int, densityScales: (H3Cell) -> [H3Cell: Decimal4] = { _ in [:] })
        throws -> (PoCVerifier, H3Cell)
    {
        let beaconer = try F.pair("ring10").beaconer
        let ring = try H3.gridRing(try H3.cellToParent(beaconer, resolution: 11), k: 12).sorted()
        try #require(ring.count >= count)
        var hotspots = [F.hotspot("B", at: beaconer)]
        for index in 0..<count {
            hotspots.append(F.hotspot("W\(index)", at: try H3.cellToCenterChild(ring[index], resolution: 12)))
        }
        let verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: HotspotDirectory(hotspots),
            densityScales: .table(densityScales(beaconer)),
            state: F.primedState(beaconers: ["B"], witnesses: (0..<count).map { "W\($0)" }, before: F.t0)
        )
        return (verifier, beaconer)
    }

    @Test("30 valid witnesses at t+0 … t+29 ms: the first 14 are selected, 16 are not (ORACLE runner.rs table)")
    func thirtyWitnesses() throws {
        var (verifier, _) = try Self.world(witnesses: 30)
        // Given in reverse order: selection follows received time, not input order.
        let reports = (0..<30).reversed().map { F.witness("W\($0)", at: F.t0 + $0, signal: -1300) }
        let result = verifier.verify(beacon: F.beacon("B", at: F.t0), witnesses: reports)
        #expect(result.beacon.status == .valid)
        #expect(result.beacon.selectedWitnessCount == 14)
        for (position, verdict) in result.witnesses.enumerated() {
            let t = 29 - position
            #expect(verdict.status == .valid)
            #expect(verdict.receivedRank == t)
            #expect(verdict.validRank == t + 1)
            #expect(verdict.selected == (t < 14), "t+\(t)")
            #expect(verdict.rewardUnit == (t < 14 ? Decimal4("0.2220") : .zero))
        }
        #expect(result.witnesses.filter(\.selected).count == 14)
        #expect(result.beacon.rewardUnit == Decimal4("1.8926"))
    }

    @Test("equal received times keep input order")
    func ties() throws {
        var (verifier, _) = try Self.world(witnesses: 16)
        let reports = (0..<16).map { F.witness("W\($0)", at: F.t0 + 5, signal: -1300) }
        let result = verifier.verify(beacon: F.beacon("B", at: F.t0), witnesses: reports)
        #expect(result.witnesses.map(\.selected) == (0..<16).map { $0 < 14 })
    }

    @Test("10 valid witnesses are all selected")
    func tenWitnesses() throws {
        var (verifier, _) = try Self.world(witnesses: 10)
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: (0..<10).map { F.witness("W\($0)", at: F.t0 + $0, signal: -1300) }
        )
        let allSelected = result.witnesses.allSatisfy { $0.selected }
        #expect(allSelected)
        #expect(result.beacon.rewardUnit == Decimal4("1.7379"))
        #expect(result.witnesses[0].rewardUnit == Decimal4("0.3262"))
    }

    @Test("{valid, self, duplicate, late}: only the valid one is selected, the self report is dropped; w = 1")
    func mixed() throws {
        var (verifier, _) = try Self.world(witnesses: 2)
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [
                F.witness("W0", at: F.t0 + 1, signal: -1300), F.witness("B", at: F.t0 + 2),
                F.witness("W0", at: F.t0 + 3, signal: -1300), F.witness("W1", at: F.t0 + 5_000, signal: -1300),
            ]
        )
        #expect(result.witnesses.map(\.invalidReason) == [nil, .selfWitness, .duplicate, .tooLate])
        #expect(result.witnesses.map(\.selected) == [true, false, false, false])
        #expect(result.witnesses.map(\.dropped) == [false, true, false, false])
        #expect(result.beacon.rewardUnit == Decimal4("0.2500"))
        #expect(result.witnesses[0].rewardUnit == Decimal4("1.0000"))
        #expect(result.witnesses[1].hexScale == .zero)
    }

    @Test(
        "units per w follow the HIP-15 table of POC-RULES §5.2",
        arguments: [
            (1, "0.2500", "1.0000"), (2, "0.5000", "1.0000"), (4, "1.0000", "1.0000"), (5, "1.2000", "0.7600"),
            (6, "1.3600", "0.6067"), (9, "1.6723", "0.3697"), (13, "1.8658", "0.2411"),
        ]
    )
    func unitsTable(w: Int, tx: String, rx: String) throws {
        var (verifier, _) = try Self.world(witnesses: w)
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: (0..<w).map { F.witness("W\($0)", at: F.t0 + $0, signal: -1300) }
        )
        #expect(result.beacon.rewardUnit == Decimal4(tx))
        #expect(result.witnesses.allSatisfy { $0.rewardUnit == Decimal4(rx) })
    }

    @Test("the beaconer's density scale multiplies its unit and every selected witness's; absent cell → 0.2")
    func hexScale() throws {
        var (scaled, _) = try Self.world(witnesses: 5) { [$0: Decimal4("0.5015")!] }
        let reports = (0..<5).map { F.witness("W\($0)", at: F.t0 + $0, signal: -1300) }
        let result = scaled.verify(beacon: F.beacon("B", at: F.t0), witnesses: reports)
        #expect(result.beacon.hexScale == Decimal4("0.5015"))
        #expect(result.beacon.beaconerScale == Decimal4("0.5015"))
        #expect(!result.beacon.usedDefaultScale)
        #expect(result.witnesses.allSatisfy { $0.hexScale == Decimal4("0.5015") })

        // The witnesses' own density plays no part: only the beaconer's cell is looked up.
        var other = try Self.world(witnesses: 5) { _ in [:] }.0
        let defaulted = other.verify(beacon: F.beacon("B", at: F.t0), witnesses: reports)
        #expect(defaulted.beacon.hexScale == Decimal4("0.2000"))
        #expect(defaulted.beacon.usedDefaultScale)
        #expect(defaulted.witnesses.allSatisfy { $0.hexScale == Decimal4("0.2000") })

        // Replacing the map (a density rebuild) applies to the next PoC.
        other.densityScales = .table([try F.pair("ring10").beaconer: Decimal4.one])
        let rebuilt = other.verify(
            beacon: F.beacon("B", at: F.t0 + 7 * 3_600_000, payload: F.payload(3)),
            witnesses: [F.witness("W0", at: F.t0 + 7 * 3_600_000 + 10, signal: -1300, payload: F.payload(3))]
        )
        #expect(rebuilt.beacon.hexScale == .one)
    }

    @Test("an invalid PoC has hex scale and units 0 everywhere")
    func invalidPoCEarnsNothing() throws {
        var (verifier, _) = try Self.world(witnesses: 3) { [$0: Decimal4.one] }
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0, entropyStartSeconds: F.t0 / 1_000 - 1_000),
            witnesses: (0..<3).map { F.witness("W\($0)", at: F.t0 + $0, signal: -1300) }
        )
        #expect(result.beacon.invalidReason == .entropyExpired)
        #expect(result.beacon.hexScale == .zero)
        #expect(result.beacon.beaconerScale == .one)
        #expect(result.witnesses.allSatisfy { $0.hexScale == .zero && $0.rewardUnit == .zero && !$0.selected })
    }
}

@Suite("PoC verifier with the density engine (POC-RULES §6.2, §6.4 use)")
struct PoCDensityIntegrationTests {
    typealias F = PoCFixtures

    @Test("§6.5: three active in one res-8 hex, two sharing a res-11 cell → 0.25 for the pair; inactive → 0.2")
    func densityFromState() throws {
        let pair = try F.pair("ring10")
        // B and its twin T share B's res-11 cell (another res-12 child); W is 10 cells away.
        let parent = try H3.cellToParent(pair.beaconer, resolution: 11)
        let twin = try #require(try H3.cellToChildren(parent, resolution: 12).first { $0 != pair.beaconer })
        let directory = HotspotDirectory([
            F.hotspot("B", at: pair.beaconer), F.hotspot("T", at: twin), F.hotspot("W", at: pair.witness),
        ])
        var state = F.primedState(beaconers: ["B", "T"], witnesses: ["W"], before: F.t0)
        state["B"].lastBeaconReciprocityMs = Int64(F.t0 - 3_600_000)
        state["T"].lastBeaconReciprocityMs = Int64(F.t0 - 3_600_000)
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            state: state
        )

        let active = verifier.activeLocations(atBuildTimeMs: Int64(F.t0))
        #expect(Set(active) == [pair.beaconer, twin, pair.witness])
        verifier.densityScales = .result(HexDensity.compute(locations: active))
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [F.witness("W", at: F.t0 + 10, signal: -1300)]
        )
        // B and T share a res-11 cell and W is in the same res-8 hex: 0.25, 0.25 and 0.5 (§6.5). The witness
        // earns the beaconer's 0.25, not its own 0.5.
        #expect(verifier.transmitScale(forBeaconerAt: pair.witness) == (Decimal4("0.5000")!, false))
        #expect(result.beacon.hexScale == Decimal4("0.2500"))
        #expect(result.witnesses[0].hexScale == Decimal4("0.2500"))

        // 61 h after the PoC only B (whose PoC refreshed last_beacon_reciprocity) is still active; T and W, last
        // seen an hour before, are not. B alone scales 1.0; T is out of the map and gets the 0.2 default.
        let later = Int64(F.t0) + 61 * 3_600_000
        let stillActive = verifier.activeLocations(atBuildTimeMs: later)
        #expect(stillActive == [pair.beaconer])
        verifier.densityScales = .result(HexDensity.compute(locations: stillActive))
        #expect(verifier.transmitScale(forBeaconerAt: pair.beaconer) == (Decimal4.one, false))
        #expect(verifier.transmitScale(forBeaconerAt: twin) == (Decimal4("0.2000")!, true))
    }

    @Test("the population in cell order is the directory-order population sorted; table scales equal map lookups")
    func cellOrderAndScaleTable() throws {
        // 400 hotspots packed around one res-6 hex (so the map clips), some unasserted, some sharing a cell,
        // activity spread over the 60 h window.
        var generator = SplitMix64(seed: 7)
        let centre = try H3.latLngToCell(LatLng(latitudeDegrees: 47.37, longitudeDegrees: 8.54), resolution: 6)
        let cells = try H3.cellToChildren(centre, resolution: 12)
        var hotspots: [Hotspot] = []
        var state = VerifierState()
        for index in 0..<400 {
            let key = "K\(index)"
            let location: H3Cell? =
                index % 17 == 0
                ? nil : index % 5 == 0 ? hotspots.last?.location : cells[Int(generator.next() % UInt64(cells.count))]
            hotspots.append(F.hotspot(key, at: location))
            state[key].lastWitnessMs = Int64(F.t0 - 1_000)
            if index % 3 != 0 {
                state[key].lastBeaconReciprocityMs = Int64(F.t0) - Int64(generator.next() % 70) * 3_600_000
            }
        }
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: HotspotDirectory(hotspots),
            state: state
        )
        let build = Int64(F.t0)
        let byCell = verifier.activeLocationsByCell(atBuildTimeMs: build)
        #expect(byCell == verifier.activeLocations(atBuildTimeMs: build).sorted { $0.rawValue < $1.rawValue })
        #expect(byCell.count > 100 && byCell.count < 400)

        for (round, population) in [byCell, Array(byCell.prefix(60))].enumerated() {
            // Setting a new map must drop the scales taken from the previous one.
            verifier.densityScales = .result(HexDensity.compute(locations: population))
            var distinct = Set<Decimal4>()
            for (index, hotspot) in hotspots.enumerated() where hotspot.location != nil && index % 4 == round {
                let result = verifier.verify(beacon: F.beacon(hotspot.key, at: F.t0 + 1_000 * index), witnesses: [])
                let expected = verifier.transmitScale(forBeaconerAt: try #require(hotspot.location))
                #expect(result.beacon.beaconerScale == expected.scale, "hotspot \(index)")
                #expect(result.beacon.usedDefaultScale == expected.isDefault, "hotspot \(index)")
                distinct.insert(expected.scale)
            }
            #expect(distinct.count >= 3, "the map clips: several scales, and the 0.2 default")
        }
    }
}
