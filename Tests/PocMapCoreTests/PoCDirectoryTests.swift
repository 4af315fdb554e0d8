import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("PoC hotspot directory: key index, precomputed geometry, fast grid distance")
struct PoCDirectoryTests {
    /// Random res-12 hotspots in small boxes: open country, across base-cell borders, and around a pentagon.
    static func cluster(seed: UInt64, centre: LatLng, spanDegrees: Double, count: Int) throws -> [Hotspot] {
        var random = SplitMix64(seed: seed)
        return try (0..<count).map { index in
            let point = LatLng(
                latitudeDegrees: centre.latitudeDegrees + (random.nextDouble() - 0.5) * spanDegrees,
                longitudeDegrees: centre.longitudeDegrees + (random.nextDouble() - 0.5) * spanDegrees
            )
            return Hotspot(key: "k\(seed)-\(index)", location: try H3.latLngToCell(point, resolution: 12))
        }
    }

    @Test(
        "gridDistanceRes11 equals H3.gridDistance of the res-11 parents (or its failure) for every pair",
        arguments: [
            // San Francisco; a base-cell border region (res-0 cell edges cross it); around the pentagon of base
            // cell 4 (Atlantic off Norway's coast region) — chosen from the pentagon's own centre.
            (1, 37.7749, -122.4194, 1.5), (2, 46.0, 6.5, 8.0), (3, 0, 0, 6.0),
        ] as [(UInt64, Double, Double, Double)]
    )
    func fastGridMatchesH3(seed: UInt64, lat: Double, lng: Double, span: Double) throws {
        let hotspots = try Self.cluster(
            seed: seed,
            centre: LatLng(latitudeDegrees: lat, longitudeDegrees: lng),
            spanDegrees: span,
            count: 120
        )
        let stats = try Self.compareAllPairs(hotspots)
        #expect(stats.sameBaseCell > 0)
        if seed != 1 { #expect(stats.crossBaseCell > 0) }  // both paths exercised
    }

    @Test("around res-11 pentagons the result equals H3.gridDistance, failures included")
    func pentagonNeighbourhoods() throws {
        var hotspots: [Hotspot] = []
        for (index, pentagon) in try H3.pentagons(resolution: 11).prefix(4).enumerated() {
            for (offset, cell) in try H3.gridDisk(pentagon, k: 14).enumerated() where offset % 7 == 0 {
                hotspots.append(
                    Hotspot(key: "p\(index)-\(offset)", location: try H3.cellToCenterChild(cell, resolution: 12))
                )
            }
        }
        let stats = try Self.compareAllPairs(hotspots)
        #expect(stats.failures > 0)  // H3 4.5 cannot unfold some pairs around pentagons
    }

    static func compareAllPairs(_ hotspots: [Hotspot]) throws -> (sameBaseCell: Int, crossBaseCell: Int, failures: Int)
    {
        let directory = HotspotDirectory(hotspots)
        var compared = 0
        var failures = 0
        var same = 0
        var cross = 0
        for a in 0..<hotspots.count {
            for b in 0..<hotspots.count {
                let idA = try #require(directory.id(forKey: hotspots[a].key))
                let idB = try #require(directory.id(forKey: hotspots[b].key))
                let parentA = try #require(directory.parent11(of: idA))
                let parentB = try #require(directory.parent11(of: idB))
                let reference: Int? = try? H3.gridDistance(parentA, parentB)
                if reference == nil { failures += 1 }
                if parentA.baseCellNumber == parentB.baseCellNumber { same += 1 } else { cross += 1 }
                #expect(directory.gridDistanceRes11(idA, idB) == reference, "\(parentA) \(parentB)")
                compared += 1
            }
        }
        #expect(compared == hotspots.count * hotspots.count)
        return (same, cross, failures)
    }

    @Test("keys: lookup, unknown keys, duplicates keep the first record")
    func keys() throws {
        let cell = try H3.latLngToCell(LatLng(latitudeDegrees: 10, longitudeDegrees: 10), resolution: 12)
        var hotspots = (0..<1000).map {
            Hotspot(key: "112bUuQaE7j73THS9ABShHGokm46Miip9L361FSyWv7zSYn8h\($0)", location: cell)
        }
        hotspots.append(Hotspot(key: hotspots[17].key, location: nil, gainTenthsDBi: 99))
        hotspots.append(Hotspot(key: "", location: nil))
        hotspots.append(Hotspot(key: "short", location: nil))
        let directory = HotspotDirectory(hotspots)
        for index in 0..<1000 {
            #expect(directory.id(forKey: hotspots[index].key)?.index == index)
        }
        #expect(directory.duplicateKeys == [hotspots[17].key])
        // The record-position form agrees with the key lookup for every record (the repeat of key 17 is shadowed).
        for index in hotspots.indices {
            let byKey = directory.id(forKey: hotspots[index].key).flatMap { $0.index == index ? $0 : nil }
            #expect(directory.id(ofRecordAt: index) == byKey, "record \(index)")
        }
        #expect(directory.id(ofRecordAt: 1000) == nil)
        #expect(directory[try #require(directory.id(forKey: hotspots[17].key))].gainTenthsDBi == 12)
        #expect(directory.id(forKey: "")?.index == 1001)
        #expect(directory.id(forKey: "short")?.index == 1002)
        #expect(directory.id(forKey: "shorT") == nil)
        #expect(directory.id(forKey: "112bUuQaE7j73THS9ABShHGokm46Miip9L361FSyWv7zSYn8h1000") == nil)
        // A key built at run time (a distinct String object) is found too.
        let rebuilt = String("112bUuQaE7j73THS9ABShHGokm46Miip9L361FSyWv7zSYn8h" + String(42))
        #expect(directory.id(forKey: rebuilt)?.index == 42)
    }

    @Test("batch lookup: ids(forKeys:) equals id(forKey:) key by key, nil and unknown keys included")
    func batchKeys() throws {
        let cell = try H3.latLngToCell(LatLng(latitudeDegrees: 10, longitudeDegrees: 10), resolution: 12)
        var hotspots = (0..<5000).map {
            Hotspot(key: "11PmgQHnzNfUQR12xHJjfxaWXXiipeEh3Mxa2NBEP8P739Ki\($0)", location: cell)
        }
        hotspots.append(Hotspot(key: hotspots[3].key, location: nil))  // duplicate: the first record keeps the key
        hotspots.append(Hotspot(key: "", location: nil))
        let directory = HotspotDirectory(hotspots)
        var random = SplitMix64(seed: 9)
        var keys: [String?] = [nil, "", "x", hotspots[3].key, "11PmgQHnzNfUQR12xHJjfxaWXXiipeEh3Mxa2NBEP8P739Ki5000"]
        for _ in 0..<20_000 {
            let n = Int(random.next() % 5200)  // some beyond the registry: unknown keys of the same shape
            keys.append(random.next() % 7 == 0 ? nil : "11PmgQHnzNfUQR12xHJjfxaWXXiipeEh3Mxa2NBEP8P739Ki\(n)")
        }
        let batch = directory.ids(forKeys: keys)
        #expect(batch.count == keys.count)
        #expect(
            batch[0] == nil && batch[1]?.index == 5001 && batch[2] == nil && batch[3]?.index == 3 && batch[4] == nil
        )
        var truth: [String: Int] = [:]  // independent: first occurrence of each key
        for (index, hotspot) in hotspots.enumerated() where truth[hotspot.key] == nil { truth[hotspot.key] = index }
        var found = 0
        for (key, id) in zip(keys, batch) {
            #expect(id?.index == key.flatMap { truth[$0] }, "\(key ?? "nil")")
            #expect(id == key.flatMap { directory.id(forKey: $0) }, "\(key ?? "nil")")
            if id != nil { found += 1 }
        }
        #expect(found > 10_000 && found < keys.count)
    }

    @Test("region resolution: named, looked up, unresolved, unknown")
    func regions() throws {
        let cell = try H3.latLngToCell(LatLng(latitudeDegrees: 10, longitudeDegrees: 10), resolution: 12)
        let hotspots = [
            Hotspot(key: "named", location: cell, region: RegionName("EU868")),
            Hotspot(key: "lookup", location: cell), Hotspot(key: "unasserted", location: nil),
        ]
        let withIndex = HotspotDirectory(hotspots, regionLookup: { _ in RegionName("AS923-1") })
        #expect(withIndex.regions == [.plan(RegionName("EU868")!), .plan(RegionName("AS923_1")!), .unknown])
        let missing = HotspotDirectory(hotspots, regionLookup: { _ in nil })
        #expect(missing.regions == [.plan(RegionName("EU868")!), .unresolved, .unknown])
        #expect(HotspotDirectory(hotspots).regions == [.plan(RegionName("EU868")!), .unknown, .unknown])
    }
}
