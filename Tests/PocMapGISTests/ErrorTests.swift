import PocMapGIS
import Testing

@Suite("Errors")
struct ErrorTests {
    @Test("Opening a missing file names the path")
    func missingFile() {
        let path = VSI.temporaryMemoryPath("missing.tif")
        let error = #expect(throws: GDALError.self) { try Dataset.open(path: path) }
        #expect(error?.operation == "GDALOpenEx")
        #expect(error?.code == .openFailed)
        #expect(error?.message.contains(path) == true)

        let diskError = #expect(throws: GDALError.self) {
            try VectorDataset.open(path: "/nonexistent/pocmap/coverage.gpkg")
        }
        #expect(diskError?.message.contains("/nonexistent/pocmap/coverage.gpkg") == true)
    }

    @Test("Unknown drivers, bad bands, bad windows and bad SQL are typed errors")
    func badArguments() throws {
        let driver = #expect(throws: GDALError.self) {
            try Dataset.create(path: "", driver: "NoSuchDriver", width: 1, height: 1, bandCount: 1, dataType: .byte)
        }
        #expect(driver?.code == .notSupported)

        let dataset = try Dataset.create(path: "", driver: "MEM", width: 4, height: 4, bandCount: 1, dataType: .float32)
        #expect(throws: GDALError.self) { try dataset.band(2) }
        let band = try dataset.band(1)
        let outside = #expect(throws: GDALError.self) { try band.read(x: 2, y: 2, width: 4, height: 4, as: Float.self) }
        #expect(outside?.operation == "GDALRasterIO")
        #expect(throws: GDALError.self) {
            try band.write([Float](repeating: 0, count: 3), x: 0, y: 0, width: 2, height: 2)
        }
        #expect(throws: GDALError.self) { try band.readBlock(column: 0, row: 0, as: UInt8.self) }  // band is Float32

        let noPixels = #expect(throws: GDALError.self) {
            try band.setNoDataValue(0)
            _ = try band.computeStatistics()  // every pixel is nodata
        }
        #expect(noPixels?.message.isEmpty == false)

        let vector = try VectorDataset.create(path: VSI.temporaryMemoryPath("bad.gpkg"), driver: "GPKG")
        let sql = #expect(throws: GDALError.self) { try vector.executeSQL("SELECT * FROM no_such_table") }
        #expect(sql?.message.contains("no_such_table") == true)
        #expect(throws: GDALError.self) { try vector.layer(named: "absent") }
        try vector.close()
        try VSI.unlink(vector.path)
    }

    @Test("Bad rasterize arguments are reported, not printed")
    func badRasterizeArguments() throws {
        let vector = try VectorDataset.create(path: "", driver: "Memory")
        let error = #expect(throws: GDALError.self) {
            try Dataset.rasterize(vector, to: "", arguments: ["-no-such-option"])
        }
        #expect(error?.operation == "GDALRasterizeOptionsNew")
    }
}
