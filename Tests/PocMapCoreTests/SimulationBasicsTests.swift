import Foundation
import Testing
import _PocMapTestSupport

@testable import PocMapCore

@Suite("Simulation: random numbers, addresses, spatial index, tables")
struct SimulationBasicsTests {
    // MARK: Random numbers

    @Test("xoshiro256** and SplitMix64 reproduce their reference outputs")
    func referenceVectors() {
        // xoshiro256** from state {1, 2, 3, 4} (Blackman & Vigna's xoshiro256starstar.c, evaluated independently
        // in Python): 11520, 0, 1509978240, 1215971899390074240, ...
        var random = SimulationRandom(state: (1, 2, 3, 4))
        let expected: [UInt64] = [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360]
        for value in expected { #expect(random.next() == value) }
        // SplitMix64 seeded with 0: the first output is the finaliser of the golden-ratio increment.
        #expect(SimulationRandom.mix(0x9E37_79B9_7F4A_7C15) == 0xE220_A839_7B1D_CDAF)
        #expect(SimulationRandom.mix(0x9E37_79B9_7F4A_7C15 &* 2) == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test("streams are reproducible and independent of each other")
    func streams() {
        var a = SimulationRandom(seed: 5, stream: 1, item: 9)
        var b = SimulationRandom(seed: 5, stream: 1, item: 9)
        var c = SimulationRandom(seed: 5, stream: 1, item: 10)
        var d = SimulationRandom(seed: 6, stream: 1, item: 9)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        #expect(first != (0..<8).map { _ in d.next() })
    }

    @Test("uniform, normal and truncated normal moments (200 000 draws; tolerances ~5 standard errors)")
    func moments() {
        var random = SimulationRandom(seed: 99)
        let n = 200_000
        var sum = 0.0, squares = 0.0, normalSum = 0.0, normalSquares = 0.0, truncatedSquares = 0.0
        var below = 0
        for _ in 0..<n {
            let u = random.nextUnit()
            sum += u
            squares += u * u
            let z = random.nextStandardNormal()
            normalSum += z
            normalSquares += z * z
            if z < -1.6449 { below += 1 }
            let t = random.nextTruncatedStandardNormal(limit: 3)
            #expect(abs(t) <= 3)
            truncatedSquares += t * t
        }
        let count = Double(n)
        #expect(abs(sum / count - 0.5) < 0.0035)
        #expect(abs(squares / count - 1.0 / 3) < 0.0035)
        #expect(abs(normalSum / count) < 0.012)
        #expect(abs(normalSquares / count - 1) < 0.016)
        #expect(abs(Double(below) / count - 0.05) < 0.0025)
        // Var(Z | |Z| ≤ 3) = 1 − 6φ(3)/(2Φ(3) − 1) = 0.97334 (hand-computed from the normal density).
        #expect(abs(truncatedSquares / count - 0.97334) < 0.016)
        var indexCounts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { indexCounts[random.nextIndex(below: 7)] += 1 }
        #expect(indexCounts.allSatisfy { abs($0 - 10_000) < 500 })
    }

    // MARK: Addresses

    @Test("real Helium addresses decode with a valid checksum and re-encode identically")
    func realAddresses() throws {
        let url = TestPaths.realData(
            "disk91__helium-etl/sample_file/iot_beacon_ingest_report.1675572018068.decoded.csv"
        )
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            print("skipped: \(url.path) is absent")
            return
        }
        let rows = text.split(whereSeparator: \.isNewline).dropFirst()
        var checked = 0
        for row in rows.prefix(200) {
            let address = String(row.split(separator: ",")[2])
            let key = try #require(HeliumAddress.publicKey(of: address), "\(address) does not decode")
            #expect(key.count == 32)
            #expect(HeliumAddress(publicKey: key).description == address)
            checked += 1
        }
        #expect(checked == 200)
        // A corrupted character breaks the checksum.
        #expect(HeliumAddress.publicKey(of: "112pBk8HX5gaeQHR62gYzRAcLgWUBTtGM2iVGWX4ePGDDRXnHo58") == nil)
        #expect(HeliumAddress.publicKey(of: "112pBk8HX5gaeQHR62gYzRAcLgWUBTtGM2iVGWX4ePGDDRXnHo57") != nil)
    }

    @Test("generated addresses are unique, valid base58check of version 0 and tag 0, and differ between seeds")
    func generatedAddresses() throws {
        var seen = Set<HeliumAddress>()
        for index in 0..<2_000 {
            let address = SimulatedNetwork.address(seed: 1, index: UInt64(index))
            #expect(seen.insert(address).inserted)
            #expect((48...52).contains(address.count))
            #expect(address.description.hasPrefix("11"))
            #expect(HeliumAddress.publicKey(of: address.description) != nil)
        }
        let unregistered = SimulatedNetwork.address(seed: 1, index: NetworkSimulator.unknownKeyBase + 5)
        #expect(!seen.contains(unregistered))
        #expect(SimulatedNetwork.address(seed: 2, index: 0) != SimulatedNetwork.address(seed: 1, index: 0))
    }

    // MARK: Spatial index

    @Test("bucket queries contain every point within the radius, with true lower bounds on distance (brute force)")
    func spatialGrid() {
        var random = SimulationRandom(seed: 3)
        var latitudes: [Double] = [], longitudes: [Double] = []
        for _ in 0..<6_000 {
            // Clusters around a few centres, one straddling the antimeridian, one near a pole.
            let centres: [(Double, Double)] = [(37.7, -122.4), (-36.8, 179.9), (52.5, 13.4), (78.2, 15.6), (0, 0)]
            let centre = centres[random.nextIndex(below: centres.count)]
            var lng = centre.1 + random.nextDouble(in: -2...2)
            if lng >= 180 { lng -= 360 }
            latitudes.append(min(max(centre.0 + random.nextDouble(in: -1...1), -89.9), 89.9))
            longitudes.append(lng)
        }
        let grid = SpatialGrid(latitudesDegrees: latitudes, longitudesDegrees: longitudes)
        #expect(grid.members.count == 6_000)
        #expect(Set(grid.members).count == 6_000)
        var hits: [SpatialGrid.BucketHit] = []
        for query in 0..<200 {
            let index = query * 29
            let radius = [3.0, 15.0, 60.0, 99.0][query % 4]
            hits.removeAll()
            grid.buckets(
                latitudeDegrees: latitudes[index],
                longitudeDegrees: longitudes[index],
                radiusKm: radius,
                into: &hits
            )
            var bound: [Int32: Double] = [:]
            for hit in hits {
                for slot in hit.slots { bound[grid.members[slot]] = hit.minimumDistanceSquaredKm }
            }
            let origin = LatLng(latitudeDegrees: latitudes[index], longitudeDegrees: longitudes[index])
            for other in 0..<6_000 {
                let point = LatLng(latitudeDegrees: latitudes[other], longitudeDegrees: longitudes[other])
                let distance = H3.greatCircleDistance(origin, point, unit: .kilometers)
                if let lower = bound[Int32(other)] {
                    #expect(
                        lower <= distance * distance,
                        "query \(query): bound \(lower.squareRoot()) > \(distance) km"
                    )
                } else {
                    #expect(distance > radius, "query \(query): point \(other) at \(distance) km missed")
                }
            }
        }
    }

    // MARK: Tables against the real data they were transcribed from

    @Test("region plans equal helium/lorawan-h3 region_params (channels, max EIRP, spreading)")
    func regionPlans() throws {
        let folder = TestPaths.realData("helium__lorawan-h3/region_params")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            print("skipped: \(folder.path) is absent")
            return
        }
        for (region, plan) in SimulationRegionPlans.plans {
            let url = folder.appendingPathComponent(region.hyphenated + ".json")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            let channels = try #require(json?["region_params"] as? [[String: Any]])
            #expect(channels.count == plan.channels.count, "\(region)")
            for (ours, theirs) in zip(plan.channels, channels) {
                #expect(ours.frequencyHz == theirs["channel_frequency"] as? Int)
                #expect(ours.bandwidthHz == theirs["bandwidth"] as? Int)
                #expect(ours.maxEIRPTenthsDBm == theirs["max_eirp"] as? Int)
                let tagged = ((theirs["spreading"] as? [String: Any])?["tagged_spreading"] as? [[String: Any]]) ?? []
                #expect(
                    ours.spreading.map(\.spreading.description)
                        == tagged.compactMap { $0["region_spreading"] as? String }
                )
                #expect(ours.spreading.map(\.maxPacketSize) == tagged.compactMap { $0["max_packet_size"] as? Int })
            }
            // A 51-byte beacon: SF12BW125 in EU868, SF9BW125 elsewhere (POC-RULES §8).
            let rate = try plan.dataRate(forPacketSize: 51)
            #expect(rate == (region.rawValue == "EU868" ? .sf12bw125 : .sf9bw125), "\(region)")
        }
        // Where both exist, the plans agree with the PoC engine's defaults (POC-RULES §8 table).
        for (region, plan) in SimulationRegionPlans.plans {
            if let reference = RegionPlan.defaultPlans[region] { #expect(plan == reference, "\(region)") }
        }
    }

    @Test("every city centre lies in its region according to Helium's region index (helium/lorawan-h3)")
    func cityRegions() throws {
        guard let index = try Self.regionIndex() else {
            print("skipped: region index absent")
            return
        }
        #expect(SimulationCity.all.count == 35)
        #expect(Set(SimulationCity.all.map(\.name)).count == 35)
        for city in SimulationCity.all {
            let name = try index.regionName(at: city.centre).flatMap { RegionName($0) }
            #expect(name == city.region, "\(city.name): index says \(String(describing: name))")
        }
        #expect(SimulationCity.named("sao-paulo")?.region.rawValue == "AU915_SB1")
        #expect(SimulationCity.named("NEW YORK")?.name == "New York")
        #expect(SimulationCity.named("Atlantis") == nil)
    }

    /// Helium's region index read straight from the `.h3idx` files (flat little-endian UInt64 cells).
    static func regionIndex() throws -> RegionIndex? {
        let folder = TestPaths.realData("helium__lorawan-h3/serialized")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        var regions: [(name: String, cells: [H3Cell])] = []
        for file in names.sorted() where file.hasSuffix(".res7.h3idx") {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let cells = data.withUnsafeBytes { raw in
                (0..<(raw.count / 8)).map {
                    H3Cell(rawValue: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
                }
            }
            regions.append((String(file.dropLast(".res7.h3idx".count)), cells))
        }
        return try RegionIndex(regions: regions)
    }
}
