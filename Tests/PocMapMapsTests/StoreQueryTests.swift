import Foundation
import PocMapCore
import PocMapGIS
import PocMapMaps
import Testing

@Suite("coverage.gpkg queries")
struct StoreQueryTests {
    /// 61 hexes = the full disk of radius 4 around San Francisco's resolution-8 cell; 1 hotspot per 100 hexes would
    /// give one, so 400 hexes (4 hotspots) are used where links matter.
    /// The reader is SQLite on a real file (GDAL's `/vsimem/` is not visible to it), so stores go to a temporary
    /// directory on disk.
    static func withStore<R>(count: Int, _ body: (CoverageStore, SyntheticStore, String) throws -> R) throws -> R {
        try StoreTestSupport.withDiskDirectory { url in
            let directory = url.path
            let synthetic = try SyntheticStore(count: count)
            try synthetic.write(to: directory + "/coverage.gpkg")
            let store = try CoverageStore(path: directory)  // the directory form of --store
            return try body(store, synthetic, directory)
        }
    }

    static let center = (37.7749, -122.4194)

    @Test("hex answers follow the synthetic formulas (ring distance from H3 itself)")
    func hexAnswer() throws {
        try Self.withStore(count: 61) { store, _, _ in
            #expect(store.resolution == 8)
            let origin = try StoreTestSupport.cell(Self.center.0, Self.center.1)
            let answer = try store.hex(origin)
            #expect(answer.record["h3_index"] == .string(origin.description))
            #expect(answer.record["predicted_rssi_dbm"]?.doubleValue == -60)
            #expect(answer.record["observed_rssi_dbm"]?.doubleValue == -63)
            #expect(answer.record["observed_witnesses"]?.integerValue == 1)
            #expect(answer.record["serving_hotspots"]?.integerValue == 5)
            #expect(answer.record["best_server"] == .string("synthetic-000000"))
            // A ring-3 cell: d = 3 is odd, so no observation; predicted −60 − 5·3.
            let ring3 = try #require(try H3.gridRing(origin, k: 3).first)
            let far = try store.hex(ring3)
            #expect(far.record["predicted_rssi_dbm"]?.doubleValue == -75)
            #expect(far.record["observed_rssi_dbm"] == .null)
            #expect(far.record["observed_witnesses"]?.integerValue == 0)
            #expect(far.record["density_scale"]?.doubleValue == 0.25)
        }
    }

    @Test("point answers use the store's resolution; finer cells use their parent; coarser ones are refused")
    func pointAndResolutions() throws {
        try Self.withStore(count: 61) { store, _, _ in
            let point = (37.78, -122.41)
            let answer = try store.point(latitudeDegrees: point.0, longitudeDegrees: point.1)
            let expected = try StoreTestSupport.cell(point.0, point.1, 8)
            #expect(answer.cell == expected)
            #expect(answer.record["h3_index"] == .string(expected.description))
            #expect(answer.table().contains("is in hex \(expected)"))

            let fine = try StoreTestSupport.cell(point.0, point.1, 12)
            let parent = try store.hex(fine)
            // (H3 parents do not nest exactly: the parent need not be the point's own resolution-8 cell.)
            #expect(parent.cell == (try H3.cellToParent(fine, resolution: 8)))
            #expect(parent.queriedCell == fine)
            #expect(parent.table().contains("cell \(fine) is inside hex \(parent.cell)"))

            let coarse = try StoreTestSupport.cell(point.0, point.1, 6)
            #expect {
                try store.hex(coarse)
            } throws: { error in
                guard case StoreError.invalidInput(let message) = error else { return false }
                return message.contains("coarser")
            }
            #expect(throws: StoreError.self) { try store.point(latitudeDegrees: 91, longitudeDegrees: 0) }
            #expect(throws: StoreError.self) { try store.point(latitudeDegrees: .nan, longitudeDegrees: 0) }
        }
    }

    @Test("an absent cell near the data names the nearest hex by grid rings")
    func nearestByRings() throws {
        try Self.withStore(count: 61) { store, _, _ in
            let origin = try StoreTestSupport.cell(Self.center.0, Self.center.1)
            let outside = try #require(try H3.gridRing(origin, k: 6).first)
            do {
                _ = try store.hex(outside)
                Issue.record("expected unknownCell")
            } catch StoreError.unknownCell(let cell, let resolution, let nearest) {
                #expect(cell == outside.description && resolution == 8)
                let found = try #require(nearest)
                // The disk holds rings 0…4, so the nearest is exactly two steps away, on ring 4.
                #expect(try H3.gridDistance(found.cell, outside) == 2)
                #expect(try H3.gridDistance(found.cell, origin) == 4)
                let message = StoreError.unknownCell(cell: cell, resolution: resolution, nearest: nearest).description
                #expect(message.contains(found.cell.description) && message.contains("km away"))
            }
        }
    }

    @Test("an absent cell far away finds the closest hex through the R-tree (checked by brute force)")
    func nearestFarAway() throws {
        try Self.withStore(count: 400) { store, synthetic, _ in
            let far = try StoreTestSupport.cell(40.7128, -74.0060)  // New York
            let nearest = try #require(try store.nearestHex(to: far))
            let origin = try H3.cellToLatLng(far)
            let best = try #require(
                try synthetic.hexes.map { row in
                    (row.cell, H3.greatCircleDistance(origin, try H3.cellToLatLng(row.cell), unit: .kilometers))
                }.min { $0.1 < $1.1 }
            )
            #expect(nearest.cell == best.0)
            #expect(abs(nearest.distanceKilometers - best.1) < 1e-9)
            #expect(nearest.distanceKilometers > 4000)
        }
    }

    @Test("hotspot answers: the row and witness verdict counts from links, both sides")
    func hotspotAnswer() throws {
        try Self.withStore(count: 400) { store, synthetic, _ in
            #expect(synthetic.hotspots.count == 4)
            let answer = try store.hotspot(key: "synthetic-000000")
            #expect(answer.record["key"] == .string("synthetic-000000"))
            #expect(answer.record["region"] == .string("US915"))
            #expect(answer.record["active"]?.integerValue == 1)
            #expect(answer.record["witness_shares"]?.doubleValue == 0.5)
            // As witness (j = 0): a valid link to hotspot 1 and an invalid one to hotspot 2 (j even).
            #expect(
                Set(answer.asWitness) == [
                    VerdictCount(verdict: "valid", count: 1), VerdictCount(verdict: "below_min_distance", count: 1),
                ]
            )
            // As beaconer: heard by j = 3 (step 1, valid) and by j = 2 (step 2, j even).
            #expect(
                Set(answer.asBeaconer) == [
                    VerdictCount(verdict: "valid", count: 1), VerdictCount(verdict: "below_min_distance", count: 1),
                ]
            )
            let odd = try store.hotspot(key: "synthetic-000001")
            #expect(odd.asWitness.contains(VerdictCount(verdict: "bad_rssi", count: 1)))
            // Counted independently from the rows that were written.
            let heard = synthetic.links.filter { $0.witness == "synthetic-000001" }
            #expect(odd.asWitness.reduce(0) { $0 + $1.count } == heard.count)
            #expect(odd.table().contains("as witness: 2 witness verdicts"))
            #expect(odd.table().contains("(50.0%)"))
        }
    }

    @Test("an unknown key suggests the closest keys; the suggester's rules")
    func keySuggestions() throws {
        try Self.withStore(count: 400) { store, _, _ in
            do {
                _ = try store.hotspot(key: "synthetic-000O02")
                Issue.record("expected unknownHotspot")
            } catch StoreError.unknownHotspot(let key, let suggestions) {
                #expect(key == "synthetic-000O02")
                #expect(suggestions == ["synthetic-000002"])
            }
            #expect(try store.suggestKeys(for: "SYNTHETIC-000003") == ["synthetic-000003"])
            #expect(try store.suggestKeys(for: "synthetic-00000").count == 3)
        }
        #expect(KeySuggester.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(KeySuggester.editDistance(Array("".utf8), Array("abc".utf8)) == 3)
        #expect(KeySuggester.editDistance(Array("flaw".utf8), Array("lawn".utf8)) == 2)
        #expect(KeySuggester.suggest(for: "112abc", among: ["112abd", "zzz", "112xyz"]) == ["112abd"])
        #expect(KeySuggester.suggest(for: "anything", among: []) == [])
    }

    @Test("JSON answers are one object with the GeoPackage column names")
    func json() throws {
        try Self.withStore(count: 400) { store, _, _ in
            let origin = try StoreTestSupport.cell(Self.center.0, Self.center.1)
            let hexJSON = try store.hex(origin).json()
            let hex = try #require(try JSONSerialization.jsonObject(with: Data(hexJSON.utf8)) as? [String: Any])
            #expect(Set(hex.keys) == Set(StoreSchema.hexFields.map(\.name)))
            #expect(hex["predicted_rssi_dbm"] as? Double == -60)
            #expect(hex["last_seen"] as? String == "2023-11-14T22:13:20Z")  // 1,700,000,000,000 ms

            let hotspotJSON = try store.hotspot(key: "synthetic-000002").json()
            let hotspot = try #require(
                try JSONSerialization.jsonObject(with: Data(hotspotJSON.utf8)) as? [String: Any]
            )
            #expect(
                Set(hotspot.keys)
                    == Set(StoreSchema.hotspotFields.map(\.name) + ["witness_verdicts", "beaconer_verdicts"])
            )
            #expect(hotspot["active"] as? Bool == true)
            let verdicts = try #require(hotspot["witness_verdicts"] as? [String: Int])
            #expect(verdicts == ["valid": 1, "below_min_distance": 1])
        }
    }

    @Test("a missing store and a GeoPackage that is not a store are bad input")
    func missingStore() throws {
        #expect {
            try CoverageStore(path: "/nonexistent/pocmap-store")
        } throws: { error in
            guard let error = error as? StoreError, case .storeNotFound = error else { return false }
            return error.isBadInput && error.description.contains("--store")
        }
        try StoreTestSupport.withDiskDirectory { directory in
            let path = directory.path + "/other.gpkg"
            let dataset = try VectorDataset.create(path: path, driver: "GPKG")
            _ = try dataset.createLayer(name: "roads", spatialReference: nil, geometryType: .lineString)
            try dataset.close()
            #expect {
                try CoverageStore(path: path)
            } throws: { error in
                guard let error = error as? StoreError, case .notAStore = error else { return false }
                return error.isBadInput && error.description.contains("hexes")
            }
            // A file that is not SQLite at all.
            let text = directory.path + "/notes.gpkg"
            try Data("not a database, just text\n".utf8).write(to: URL(fileURLWithPath: text))
            #expect {
                try CoverageStore(path: text)
            } throws: { error in
                guard let error = error as? StoreError, case .notAStore = error else { return false }
                return error.isBadInput
            }
            // A directory without coverage.gpkg.
            #expect(throws: StoreError.storeNotFound(path: directory.path)) { try CoverageStore(path: directory.path) }
        }
    }

    @Test("every hex and hotspot answer equals the row the writer was given (SQLite reader vs. written rows)")
    func answersEqualWrittenRows() throws {
        try Self.withStore(count: 1000) { store, synthetic, _ in
            func expect(_ value: StoreValue?, _ number: Double?, _ label: String) {
                if let number {
                    #expect(value?.doubleValue == number, "\(label)")
                } else {
                    #expect(value == .null, "\(label)")
                }
            }
            for row in synthetic.hexes {
                let record = try store.hex(row.cell).record
                #expect(record.columns == StoreSchema.hexColumns.map(\.name))
                #expect(record["h3_index"] == .string(row.cell.description))
                #expect(record["resolution"] == .integer(8))
                expect(record["observed_rssi_dbm"], row.observedRSSIdBm, "observed \(row.cell)")
                #expect(record["observed_witnesses"] == .integer(Int64(row.observedWitnesses)))
                expect(record["predicted_rssi_dbm"], row.predictedRSSIdBm, "predicted \(row.cell)")
                expect(record["serving_hotspots"], row.servingHotspots.map(Double.init), "serving \(row.cell)")
                expect(record["density_scale"], row.densityScale, "density \(row.cell)")
                expect(record["observed_median_rssi_dbm"], row.observedMedianRSSIdBm, "median \(row.cell)")
                expect(record["observed_beaconers"], row.observedBeaconers.map(Double.init), "beaconers \(row.cell)")
                #expect(record["best_server"] == row.bestServer.map(StoreValue.string) ?? .null)
                // last_seen: GDAL writes DATETIME text; the JSON form is the UTC time of the milliseconds.
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(try store.hex(row.cell).json().utf8)) as? [String: Any]
                )
                if let milliseconds = row.lastSeenMilliseconds {
                    let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
                    let formatter = ISO8601DateFormatter()
                    formatter.timeZone = TimeZone(identifier: "UTC")
                    #expect(json["last_seen"] as? String == formatter.string(from: date))
                } else {
                    #expect(json["last_seen"] is NSNull)
                }
            }
            for row in synthetic.hotspots {
                let answer = try store.hotspot(key: row.key)
                let record = answer.record
                #expect(record.columns == StoreSchema.hotspotColumns.map(\.name))
                #expect(record["location"] == row.location.map { .string($0.description) } ?? .null)
                // The writer fills an unset position with the location's centre.
                let centre = try row.location.map { try H3.cellToLatLng($0) }
                expect(record["lat"], row.latitudeDegrees ?? centre?.latitudeDegrees, "lat \(row.key)")
                expect(record["lng"], row.longitudeDegrees ?? centre?.longitudeDegrees, "lng \(row.key)")
                #expect(record["region"] == row.region.map(StoreValue.string) ?? .null)
                #expect(record["gain"] == .integer(Int64(row.gainTenthsDBi)))
                #expect(record["active"] == .integer(row.active ? 1 : 0))
                #expect(record["beacons_valid"] == .integer(Int64(row.beaconsValid)))
                #expect(record["witnesses_selected"] == .integer(Int64(row.witnessesSelected)))
                expect(record["beacon_shares"], row.beaconShares, "beacon shares \(row.key)")
                // Verdict counts recomputed from the written links.
                func tally(_ links: [LinkRow]) -> Set<VerdictCount> {
                    var counts: [String: Int] = [:]
                    for link in links {
                        counts[link.status == "valid" ? "valid" : (link.invalidReason ?? link.status), default: 0] += 1
                    }
                    return Set(counts.map { VerdictCount(verdict: $0.key, count: $0.value) })
                }
                #expect(Set(answer.asWitness) == tally(synthetic.links.filter { $0.witness == row.key }))
                #expect(Set(answer.asBeaconer) == tally(synthetic.links.filter { $0.beaconer == row.key }))
            }
        }
    }

    @Test("a store on a read-only file answers (the reader never writes)")
    func readOnlyFile() throws {
        try StoreTestSupport.withDiskDirectory { directory in
            let path = directory.path + "/coverage.gpkg"
            try SyntheticStore(count: 61).write(to: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path) }
            let store = try CoverageStore(path: path)
            let origin = try StoreTestSupport.cell(Self.center.0, Self.center.1)
            #expect(try store.hex(origin).record["predicted_rssi_dbm"]?.doubleValue == -60)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["coverage.gpkg"])
        }
    }

    @Test("DATETIME text is shown with milliseconds only when they are not zero")
    func dateTimeText() {
        #expect(
            StoreRecord(columns: ["last_seen"], values: [.string("2023-11-14T22:13:20.000Z")]).json()
                == #"{"last_seen":"2023-11-14T22:13:20Z"}"#
        )
        #expect(
            StoreRecord(columns: ["last_seen"], values: [.string("2023-11-14T22:13:20.250Z")]).json()
                == #"{"last_seen":"2023-11-14T22:13:20.250Z"}"#
        )
        #expect(
            StoreRecord(columns: ["best_server"], values: [.string("2023-11-14T22:13:20.000Z")]).json()
                == #"{"best_server":"2023-11-14T22:13:20.000Z"}"#
        )
    }
}
