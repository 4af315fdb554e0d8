// Helium's real region index (helium/lorawan-h3, January 2023) through RegionIndexLoader.

import Foundation
import PocMapCore
import PocMapIO
import Testing
import _PocMapTestSupport

@Suite("Region index loader")
struct RegionIndexLoaderTests {
    static let directory = TestPaths.realData("helium__lorawan-h3/serialized")
    static var available: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// realdata/README.md's expectations.
    static let cities: [(name: String, lat: Double, lng: Double, region: String?)] = [
        ("San Francisco", 37.7749, -122.4194, "US915"),
        ("Berlin", 52.5200, 13.4050, "EU868"),
        ("Sydney", -33.8688, 151.2093, "AS923-1C"),
        ("São Paulo", -23.5505, -46.6333, "AU915-SB1"),
        ("Tokyo", 35.6762, 139.6503, "AS923-1"),
        ("Mumbai", 19.0760, 72.8777, "IN865"),
        ("Seoul", 37.5665, 126.9780, "KR920"),
        ("Moscow", 55.7558, 37.6173, "RU864"),
        ("mid-Atlantic", 0, -30, nil),
    ]

    @Test("the 16 files load and the README's cities resolve")
    func cities() throws {
        guard Self.available else {
            print("skipped: \(Self.directory.path) is absent")
            return
        }
        let index = try RegionIndexLoader.load(directory: Self.directory.path)
        #expect(
            index.regionNames == [
                "AS923-1", "AS923-1B", "AS923-1C", "AS923-2", "AS923-3", "AS923-4", "AU915", "AU915-SB1", "CN470",
                "EU433",
                "EU868", "IN865", "KR920", "RU864", "US915", "Unknown",
            ]
        )
        #expect(index.finestResolution == 7)
        #expect(index.cellCounts.reduce(0, +) == 484_275)
        #expect(index.cellCount == 484_180)
        #expect(index.overlaps.count == 95)
        #expect(index.overlaps.filter { $0.keptBy == "US915" && $0.alsoListedBy == "Unknown" }.count == 94)
        #expect(index.overlaps.filter { $0.keptBy == "AS923-1" && $0.alsoListedBy == "AU915-SB1" }.count == 1)
        for city in Self.cities {
            let point = LatLng(latitudeDegrees: city.lat, longitudeDegrees: city.lng)
            #expect(try index.regionName(at: point) == city.region, "\(city.name)")
            // A hotspot asserted there (its res-12 cell) gets the same answer.
            let cell = try H3.latLngToCell(point, resolution: 12)
            #expect(index.regionName(of: cell) == city.region, "\(city.name) as a cell")
        }
    }

    @Test("lookups agree with a brute-force reading of the files on a seeded sample")
    func bruteForce() throws {
        guard Self.available else { return }
        let index = try RegionIndexLoader.load(directory: Self.directory.path)
        var sets: [(String, Set<H3Cell>)] = []
        for name in index.regionNames {
            let path = Self.directory.appendingPathComponent("\(name).res7.h3idx").path
            sets.append((name, Set(try RegionIndexLoader.readCells(path: path))))
        }
        var rng = _PocMapTestSupport.SplitMix64(seed: 0x4E61_6D65)
        var found = 0
        for _ in 0..<5_000 {
            // points over land-heavy latitudes so that most land somewhere
            let point = LatLng(
                latitudeDegrees: rng.nextDouble(in: -45...65),
                longitudeDegrees: rng.nextDouble(in: -180...180)
            )
            let cell = try H3.latLngToCell(point, resolution: 12)
            var expected: String? = nil
            search: for resolution in stride(from: 7, through: 0, by: -1) {
                let ancestor = try H3.cellToParent(cell, resolution: resolution)
                for (name, set) in sets where set.contains(ancestor) {
                    expected = name
                    break search
                }
            }
            #expect(index.regionName(of: cell) == expected)
            if expected != nil { found += 1 }
        }
        #expect(found > 500)
    }

    @Test("speed: load all files, then look up cells and points (figures printed)")
    func speed() throws {
        guard Self.available else { return }
        var clock = ContinuousClock.now
        let index = try RegionIndexLoader.load(directory: Self.directory.path)
        let loadSeconds = (ContinuousClock.now - clock).seconds
        var rng = _PocMapTestSupport.SplitMix64(seed: 7)
        var points: [LatLng] = []
        var cells: [H3Cell] = []
        for _ in 0..<200_000 {
            let point = LatLng(
                latitudeDegrees: rng.nextDouble(in: -60...70),
                longitudeDegrees: rng.nextDouble(in: -180...180)
            )
            points.append(point)
            cells.append(try H3.latLngToCell(point, resolution: 12))
        }
        clock = .now
        var hits = 0
        for cell in cells where index.region(of: cell) != nil { hits += 1 }
        let cellSeconds = (ContinuousClock.now - clock).seconds
        clock = .now
        var pointHits = 0
        for point in points where try index.region(at: point) != nil { pointHits += 1 }
        let pointSeconds = (ContinuousClock.now - clock).seconds
        #expect(hits == pointHits)
        print(
            "region index: load \(Int(loadSeconds * 1000)) ms; "
                + "\(Int(Double(cells.count) / cellSeconds)) cell lookups/s; "
                + "\(Int(Double(points.count) / pointSeconds)) point lookups/s (incl. latLngToCell) "
                + "[debug builds are slower]"
        )
        // Generous bounds that hold in debug builds too; the release figures are in the report.
        #expect(loadSeconds < 10)
    }

    @Test("bad directories and files are reported with their path")
    func errors() throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-region-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }

        #expect(throws: RegionIndexLoadError.noIndexFiles(temp.path)) {
            _ = try RegionIndexLoader.load(directory: temp.path)
        }
        let missing = temp.appendingPathComponent("nope").path
        #expect {
            _ = try RegionIndexLoader.load(directory: missing)
        } throws: { error in
            "\(error)".hasPrefix("\(missing): cannot read the region index directory")
        }

        func cellBytes(_ values: [UInt64]) -> Data {
            var data = Data()
            for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
            return data
        }
        let good = try H3.latLngToCell(LatLng(latitudeDegrees: 52.52, longitudeDegrees: 13.4), resolution: 7)
        let file = temp.appendingPathComponent("EU868.res7.h3idx")
        try cellBytes([good.rawValue, 12_345]).write(to: file)
        #expect(throws: RegionIndexLoadError.invalidCell(path: file.path, entry: 1, rawValue: 12_345)) {
            _ = try RegionIndexLoader.load(directory: temp.path)
        }
        #expect(
            RegionIndexLoadError.invalidCell(path: "f", entry: 1, rawValue: 12_345).description
                == "f: entry 1 (byte offset 8) is not a valid H3 cell (0x3039)"
        )

        try (cellBytes([good.rawValue]) + Data([1, 2, 3])).write(to: file)
        #expect(throws: RegionIndexLoadError.truncated(path: file.path, size: 11)) {
            _ = try RegionIndexLoader.load(directory: temp.path)
        }

        try cellBytes([good.rawValue]).write(to: file)
        try cellBytes([]).write(to: temp.appendingPathComponent("EU868.h3idx"))
        #expect(throws: RegionIndexLoadError.self) { _ = try RegionIndexLoader.load(directory: temp.path) }
        try FileManager.default.removeItem(at: temp.appendingPathComponent("EU868.h3idx"))

        // A valid one-file index, plus a non-index file that is ignored.
        try Data("notes".utf8).write(to: temp.appendingPathComponent("README.txt"))
        let index = try RegionIndexLoader.load(directory: temp.path + "/")
        #expect(index.regionNames == ["EU868"])
        #expect(try index.regionName(at: LatLng(latitudeDegrees: 52.52, longitudeDegrees: 13.4)) == "EU868")
        #expect(RegionIndexLoader.regionName(ofFile: "AS923-1C.res7.h3idx") == "AS923-1C")
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
