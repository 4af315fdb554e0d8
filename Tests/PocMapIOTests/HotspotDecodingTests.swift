import Foundation
import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Hotspot registry decoding")
struct HotspotDecodingTests {
    // Reference cells from h3-py 4.5.0: latlng_to_cell(37.7749, -122.4194, 12) etc.
    private let sanFrancisco = H3Cell(rawValue: 0x8c28_3082_800b_3ff)
    private let grenoble = H3Cell(rawValue: 0x8c1f_9ed9_240c_dff)

    @Test func locationAsHexInEitherCase() throws {
        let items = try readHotspots(
            """
            {"key":"a","location":"8c283082800b3ff"}
            {"key":"b","location":"8C283082800B3FF","gain":55,"elevation":12,"region":"us915","full":false}
            """
        )
        let a = try #require(items[0].record)
        let b = try #require(items[1].record)
        #expect(
            a.location == sanFrancisco && a.gainTenthsDBi == 12 && a.elevationMeters == 0 && a.region == nil
                && a.isFullHotspot
        )
        #expect(
            b.location == sanFrancisco && b.gainTenthsDBi == 55 && b.elevationMeters == 12 && b.isFullHotspot == false
        )
        #expect(b.region?.rawValue == "US915")
        #expect(b.source?.description == "h.ndjson:2")
    }

    @Test func latLngBecomesTheResolution12Cell() throws {
        let items = try readHotspots(
            """
            {"key":"sf","lat":37.7749,"lng":-122.4194,"gain_dbi":5.84,"region":"AS923-1"}
            {"key":"gr","lat":45.18402099609375,"lng":5.7073974609375,"gain_dbi":3}
            """
        )
        let sf = try #require(items[0].record)
        #expect(sf.location == sanFrancisco)
        #expect(sf.gainTenthsDBi == 58)
        #expect(sf.region == RegionName("AS923_1"))
        #expect(items[1].record?.location == grenoble)
        #expect(items[1].record?.gainTenthsDBi == 30)
    }

    @Test func locationWinsOverLatLngAndGainOverGainDBi() throws {
        let hotspot = try #require(
            try readHotspots(
                #"{"key":"x","location":"8c1f9ed9240cdff","lat":37.7749,"lng":-122.4194,"gain":20,"gain_dbi":9}"#
            ).first?.record
        )
        #expect(hotspot.location == grenoble)
        #expect(hotspot.gainTenthsDBi == 20)
    }

    @Test func unassertedRowsAreRecordsWithoutLocation() throws {
        let items = try readHotspots(
            """
            {"key":"none"}
            {"key":"nulls","location":null,"lat":null,"lng":null}
            {"key":"empty","location":""}
            {"key":"zero","lat":0,"lng":0}
            """
        )
        #expect(items.count == 4)
        for item in items {
            let hotspot = try #require(item.record)
            #expect(hotspot.location == nil && !hotspot.isAsserted)
        }
        // With the zero-coordinates rule off, (0, 0) is a real point.
        let literal = try readHotspots(
            #"{"key":"zero","lat":0,"lng":0}"#,
            options: ReaderOptions(zeroCoordinatesMeanUnasserted: false)
        )
        #expect(literal.first?.record?.location?.resolution == 12)
    }

    @Test(arguments: [
        (
            #"{"key":"x","location":"8c2a134a85043fe"}"#,
            "field 'location': '8c2a134a85043fe' is not a valid H3 cell index"
        ),
        (#"{"key":"x","location":"hello"}"#, "field 'location': 'hello' is not a valid H3 cell index"),
        (
            #"{"key":"x","location":"8828308281fffff"}"#,
            "field 'location': '8828308281fffff' is a resolution-8 cell; hotspot locations must be resolution 12 or finer"
        ),
        (#"{"key":"x","location":631246145620310015}"#, "field 'location': expected a string, got a number"),
        (#"{"key":"x","lat":91,"lng":0}"#, "field 'lat': 91.0 is outside -90...90 degrees"),
        (#"{"key":"x","lat":45,"lng":-180.5}"#, "field 'lng': -180.5 is outside -180...180 degrees"),
        (#"{"key":"x","lat":45}"#, "field 'lat' is given without 'lng'"),
        (#"{"key":"x","lng":5}"#, "field 'lng' is given without 'lat'"),
        (#"{"key":"x","lat":"45.1","lng":5}"#, "field 'lat': expected a number, got a string"),
        (#"{"key":"x","lat":NaN,"lng":5}"#, "field 'lat': non-finite number NaN"),
        (#"{"location":"8c283082800b3ff"}"#, "missing required field 'key'"),
        (#"{"key":"a,b"}"#, "field 'key': 'a,b' contains a comma"),
        (
            #"{"key":"x","gain":1200}"#,
            "field 'gain': 1200 dBi×10 is not plausible (expected -200 to 500 dBi×10; gain is in tenths of dBi; use gain_dbi for dBi)"
        ),
        (#"{"key":"x","gain":1.2}"#, "field 'gain': expected an integer, got '1.2'"),
        (#"{"key":"x","gain_dbi":120}"#, "field 'gain_dbi': 120.0 dBi is not plausible (expected -20.0 to 50.0 dBi)"),
        (
            #"{"key":"x","elevation":-20000}"#,
            "field 'elevation': -20000 m is not plausible (expected -1000 to 10000 m)"
        ),
        (
            #"{"key":"x","region":"US 915"}"#,
            "field 'region': 'US 915' is not a region plan name such as US915 or AS923_1"
        ),
        (#"{"key":"x","full":"yes"}"#, "field 'full': expected true or false, got a string"),
    ])
    func badRowsAreRejectedPrecisely(line: String, reason: String) throws {
        #expect(try hotspotError(line) == reason)
    }

    @Test func resolutionFinerThan12IsKept() throws {
        let hotspot = try #require(try readHotspots(#"{"key":"x","location":"8d283082800b3bf"}"#).first?.record)
        #expect(hotspot.location == H3Cell(rawValue: 0x8d28_3082_800b_3bf))
    }

    @Test func registryReportsDuplicateKeysWithBothSourcesAndLastWins() throws {
        let text = """
            {"key":"a","gain":10}
            {"key":"b"}
            {"key":"a","gain":20}
            not json
            {"key":"a","gain":30}
            """
        var registry = HotspotRegistry()
        try registry.read(from: HotspotReader(bytes: Array(text.utf8), name: "reg.jsonl"))
        #expect(registry.count == 2)
        #expect(registry.hotspots.map(\.key) == ["a", "b"])
        #expect(registry["a"]?.gainTenthsDBi == 30)
        #expect(registry["a"]?.source?.line == 5)
        #expect(registry["zzz"] == nil)
        #expect(
            registry.duplicateKeys.map { "\($0.previous!) \($0.replacement!)" } == [
                "reg.jsonl:1 reg.jsonl:3", "reg.jsonl:3 reg.jsonl:5",
            ]
        )
        #expect(
            registry.duplicateKeys[0].description
                == "hotspot 'a' at reg.jsonl:1 is defined again at reg.jsonl:3; the later definition is used"
        )
        #expect(registry.rejects.map(\.source.description) == ["reg.jsonl:4"])
        #expect(registry.files.count == 1)
        let counters = registry.files[0]
        #expect(counters.recordsRead == 5 && counters.decoded == 4 && counters.rejected == 1)
        // Every line is accounted for: 2 hotspots + 2 replaced duplicates + 1 reject.
        #expect(registry.count + registry.duplicateKeys.count + registry.rejects.count == counters.recordsRead)
    }

    @Test func registryAcrossFilesLaterFilesOverride() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("one.ndjson")
        let second = directory.appendingPathComponent("two.csv")
        try #"{"key":"a","location":"8c283082800b3ff"}"#.write(to: first, atomically: true, encoding: .utf8)
        try "key,location\na,8c1f9ed9240cdff\nc,\n".write(to: second, atomically: true, encoding: .utf8)
        let registry = try HotspotRegistry.load(paths: [first.path, second.path])
        #expect(registry.count == 2)
        #expect(registry["a"]?.location == grenoble)
        #expect(registry["c"]?.location == nil)
        #expect(registry.duplicateKeys.first?.previous?.file == first.path)
        #expect(registry.duplicateKeys.first?.replacement == SourceLocation(file: second.path, line: 2))
        #expect(registry.files.map(\.recordsRead) == [1, 2])
    }

    @Test func aliasesMapOtherColumnNames() throws {
        let options = ReaderOptions(fieldAliases: ["hotspot address": "key", "long": "lng"])
        let hotspot = try #require(
            try readHotspots(#"{"hotspot address":"h","lat":37.7749,"long":-122.4194}"#, options: options).first?.record
        )
        #expect(hotspot.key == "h" && hotspot.location == sanFrancisco)
        // Mapping a name to "" ignores it, canonical names included.
        let ignored = try readHotspots(
            #"{"key":"h","location":"8c1f9ed9240cdff","lat":37.7749,"lng":-122.4194}"#,
            options: ReaderOptions(fieldAliases: ["location": ""])
        )
        #expect(ignored.first?.record?.location == sanFrancisco)
        let error = #expect(throws: InputError.self) {
            _ = try HotspotReader(
                bytes: [],
                name: "h.ndjson",
                options: ReaderOptions(fieldAliases: ["x": "nonexistent"])
            )
        }
        #expect(error?.code == .badOption)
        #expect(error?.message.contains("alias 'x' names unknown field 'nonexistent'") == true)
    }
}
