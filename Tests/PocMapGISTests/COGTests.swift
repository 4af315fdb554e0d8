import Foundation
import PocMapGIS
import Testing

@Suite("Cloud Optimized GeoTIFF")
struct COGTests {
    static let validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py"
    static let size = 300  // with 128-pixel tiles the COG driver adds 150² and 75² overviews

    /// A MEM raster shaped like a coverage band: a smooth field with a nodata corner.
    static func source() throws -> Dataset {
        let dataset = try Dataset.create(
            path: "",
            driver: "MEM",
            width: size,
            height: size,
            bandCount: 1,
            dataType: .float32
        )
        try dataset.setGeoTransform(
            GeoTransform(west: -123, south: 37, east: -122, north: 38, width: size, height: size)
        )
        try dataset.setSpatialReference(epsg: 4326)
        try dataset.setMetadataItem("TIFFTAG_SOFTWARE", "pocmap tests")
        try dataset.setMetadataItem("H3_RESOLUTION", "8")
        let band = try dataset.band(1)
        try band.setBandDescription("predicted_rssi_dbm")
        try band.setUnitType("dBm")
        try band.setNoDataValue(-9999)
        var values = [Float](repeating: 0, count: size * size)
        for row in 0..<size {
            for column in 0..<size {
                values[row * size + column] = row < 20 && column < 20 ? -9999 : -130 + Float(row + column) / 10
            }
        }
        try band.writeAll(values)
        return dataset
    }

    static let cogOptions: GDALOptions = [
        "COMPRESS": "DEFLATE", "PREDICTOR": "YES", "BLOCKSIZE": "128", "OVERVIEW_RESAMPLING": "AVERAGE",
        "BIGTIFF": "IF_SAFER",
    ]

    @Test("createCopy with the COG driver passes GDAL's validator and keeps metadata")
    func cogIsValid() throws {
        try #require(FileManager.default.fileExists(atPath: Self.validator), "python3-gdal's COG validator is missing")
        try withDiskScratch { directory in
            let path = directory.appendingPathComponent("coverage.tif").path
            let source = try Self.source()
            let cog = try source.createCopy(to: path, driver: "COG", options: Self.cogOptions)
            try cog.close()

            let result = try run(systemPython, [Self.validator, path])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("is a valid cloud optimized GeoTIFF"))
            #expect(!result.output.contains("warnings were found"))

            let reopened = try Dataset.open(path: path)
            #expect(try reopened.metadataItem("LAYOUT", domain: "IMAGE_STRUCTURE") == "COG")
            #expect(try reopened.metadataItem("COMPRESSION", domain: "IMAGE_STRUCTURE") == "DEFLATE")
            #expect(try reopened.metadataItem("TIFFTAG_SOFTWARE") == "pocmap tests")
            #expect(try reopened.metadataItem("H3_RESOLUTION") == "8")
            #expect(try reopened.spatialReference()?.epsgCode == 4326)
            let band = try reopened.band(1)
            #expect(try band.blockSize == (128, 128))
            #expect(try band.overviewCount == 2)
            #expect(try band.overview(0).width == 150)
            #expect(try band.overview(1).width == 75)
            #expect(try band.bandDescription == "predicted_rssi_dbm")
            #expect(try band.unitType == "dBm")
            #expect(try band.noDataValue == -9999)
            #expect(try band.readAll(as: Float.self) == source.band(1).readAll(as: Float.self))
        }
    }

    @Test("The validator rejects a tiled GeoTIFF whose overviews were added afterwards")
    func validatorRejectsPlainGeoTIFF() throws {
        try #require(FileManager.default.fileExists(atPath: Self.validator), "python3-gdal's COG validator is missing")
        try withDiskScratch { directory in
            let path = directory.appendingPathComponent("plain.tif").path
            let plain = try Self.source().createCopy(
                to: path,
                driver: "GTiff",
                options: ["TILED": "YES", "BLOCKXSIZE": "128", "BLOCKYSIZE": "128"]
            )
            try plain.buildOverviews(resampling: "AVERAGE", factors: [2, 4])
            try plain.close()
            let result = try run(systemPython, [Self.validator, path])
            #expect(result.status == 1)
            #expect(result.output.contains("is NOT a valid cloud optimized GeoTIFF"))
        }
    }

    @Test("A COG in /vsimem/ starts with the TIFF header and GDAL's structural-metadata ghost area")
    func cogHeaderBytes() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/coverage.tif"
            try Self.source().createCopy(to: path, driver: "COG", options: Self.cogOptions).close()
            let file = try VSIFile(path: path)
            let header = try file.read(count: 8)
            #expect(Array(header[0..<4]) == [0x49, 0x49, 0x2A, 0x00])  // "II*\0": little-endian classic TIFF
            // The first IFD offset follows; the ghost area sits between the header and that IFD.
            let firstIFD = Int(header[4]) | Int(header[5]) << 8 | Int(header[6]) << 16 | Int(header[7]) << 24
            let ghost = try file.read(count: firstIFD - 8)
            #expect(String(decoding: ghost, as: UTF8.self).hasPrefix("GDAL_STRUCTURAL_METADATA_SIZE="))
            #expect(String(decoding: ghost, as: UTF8.self).contains("LAYOUT=IFDS_BEFORE_DATA"))
            #expect(try file.size() == VSI.fileSize(path))
            try file.close()

            // The same bytes through the whole-file helpers.
            let bytes = try VSI.read(path)
            #expect(Array(bytes.prefix(8)) == header)
            let copy = "\(directory)/copy.tif"
            try VSI.write(bytes, to: copy)
            #expect(try Dataset.open(path: copy).band(1).overviewCount == 2)
            try VSI.unlink(copy)
            #expect(!VSI.exists(copy))
            #expect(VSI.exists(path))
        }
    }
}
