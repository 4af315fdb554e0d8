internal import CGDAL

extension Dataset {
    /// Rasterizes vector features into a new raster, exactly as the `gdal_rasterize` program does with the same
    /// arguments (without the file names), for example
    /// `["-l", "hexes", "-a", "rssi_dbm", "-where", "rssi_dbm IS NOT NULL", "-te", "W", "S", "E", "N",
    ///   "-ts", "1024", "1024", "-ot", "Float32", "-a_nodata", "-9999", "-init", "-9999", "-optim", "RASTER",
    ///   "-of", "GTiff"]` (GIS.md §4: always pass `-optim RASTER` and skip NULLs).
    ///
    /// The corresponding GDAL functions are `GDALRasterizeOptionsNew`, `GDALRasterize` and
    /// `GDALRasterizeOptionsFree`.
    public static func rasterize(
        _ source: VectorDataset,
        to path: String,
        arguments: [String]
    ) throws(GDALError) -> Dataset {
        let operation = "GDALRasterize"
        let sourceHandle = try source.handle(operation)
        let options = try rasterizeOptions(arguments)
        defer { GDALRasterizeOptionsFree(options) }
        var usageError: Int32 = 0
        let raw = try requireHandle(operation, fallback: "rasterizing '\(source.path)' to '\(path)' failed") {
            GDALRasterize(path, nil, sourceHandle, options, &usageError)
        }
        return Dataset(owner: DatasetHandle(raw: raw, path: path))
    }

    /// Burns vector features into this existing raster (open for update), with `gdal_rasterize` arguments that do
    /// not create a raster (`-l`, `-a` or `-burn`, `-where`, `-at`, …).
    ///
    /// The corresponding GDAL functions are `GDALRasterizeOptionsNew` and `GDALRasterize`.
    public func rasterize(from source: VectorDataset, arguments: [String]) throws(GDALError) {
        let operation = "GDALRasterize"
        let target = try handle(operation)
        let sourceHandle = try source.handle(operation)
        let options = try Self.rasterizeOptions(arguments)
        defer { GDALRasterizeOptionsFree(options) }
        var usageError: Int32 = 0
        // GDALRasterize returns the destination handle itself here; it stays owned by `self`.
        _ = try requireHandle(operation, fallback: "rasterizing '\(source.path)' into '\(path)' failed") {
            GDALRasterize(nil, target, sourceHandle, options, &usageError)
        }
    }

    private static func rasterizeOptions(_ arguments: [String]) throws(GDALError) -> OpaquePointer {
        let argv = CStringList(strings: arguments)
        return try requireHandle("GDALRasterizeOptionsNew", fallback: "invalid arguments: \(arguments)") {
            argv.withPointer { GDALRasterizeOptionsNew($0, nil) }
        }
    }

    /// Converts this raster to a new file, exactly as the `gdal_translate` program does with the same arguments
    /// (without the file names), for example `["-of", "GTiff", "-co", "COMPRESS=DEFLATE", "-srcwin", "0", "0",
    /// "64", "64"]`.
    ///
    /// The corresponding GDAL functions are `GDALTranslateOptionsNew`, `GDALTranslate` and
    /// `GDALTranslateOptionsFree`.
    public func translate(to path: String, arguments: [String]) throws(GDALError) -> Dataset {
        let operation = "GDALTranslate"
        let source = try handle(operation)
        let argv = CStringList(strings: arguments)
        let options = try requireHandle("GDALTranslateOptionsNew", fallback: "invalid arguments: \(arguments)") {
            argv.withPointer { GDALTranslateOptionsNew($0, nil) }
        }
        defer { GDALTranslateOptionsFree(options) }
        var usageError: Int32 = 0
        let raw = try requireHandle(operation, fallback: "translating '\(self.path)' to '\(path)' failed") {
            GDALTranslate(path, source, options, &usageError)
        }
        return Dataset(owner: DatasetHandle(raw: raw, path: path))
    }
}
