internal import CGDAL

/// Owner of one `GDALDatasetH` (raster or vector). `Dataset`, `VectorDataset` and every child object (bands,
/// layers) hold a strong reference, so a child never outlives its dataset's memory (GIS.md pitfall 1).
///
/// `close()` closes deterministically; after that, children throw `objectNull` instead of touching freed memory.
/// `deinit` closes a dataset that was not closed explicitly.
final class DatasetHandle {
    private var raw: UnsafeMutableRawPointer?
    /// The path or name the dataset was opened or created with, for error messages.
    let path: String

    init(raw: UnsafeMutableRawPointer, path: String) {
        self.raw = raw
        self.path = path
    }

    deinit {
        if let raw {
            quietly { GDALClose(raw) }
        }
    }

    /// Whether `close()` has run.
    var isClosed: Bool { raw == nil }

    /// The open handle, or `objectNull` after `close()`.
    func handle(_ operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
        guard let raw else {
            throw GDALError(code: .objectNull, message: "dataset '\(path)' is already closed", operation: operation)
        }
        return raw
    }

    /// Closes the dataset now. GTiff writes its tags and statistics here (pitfall 8), so failures are reported.
    /// Closing twice is a no-op.
    ///
    /// The corresponding GDAL function is `GDALClose`. It returns `void` in GDAL 3.6, so a failure is detected
    /// from the error state it leaves behind.
    func close() throws(GDALError) {
        guard let raw else { return }
        self.raw = nil
        let failed = quietly { () -> Bool in
            GDALClose(raw)
            return lastCallFailed()
        }
        if failed {
            throw lastGDALError("GDALClose", fallback: "closing '\(path)' failed")
        }
    }
}

/// Looks up a registered driver. The corresponding GDAL function is `GDALGetDriverByName`.
func driverHandle(_ name: String, operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
    ensureGDALRegistered()
    guard let driver = GDALGetDriverByName(name) else {
        throw GDALError(code: .notSupported, message: "no GDAL driver named '\(name)'", operation: operation)
    }
    return driver
}

/// Opens any dataset with `GDALOpenEx`; `flags` chooses raster or vector.
func openDataset(
    _ path: String,
    flags: Int32,
    update: Bool,
    drivers: [String],
    options: GDALOptions
) throws(GDALError) -> DatasetHandle {
    ensureGDALRegistered()
    let openFlags = UInt32(flags) | UInt32(update ? GDAL_OF_UPDATE : GDAL_OF_READONLY) | UInt32(GDAL_OF_VERBOSE_ERROR)
    let allowed = drivers.isEmpty ? nil : CStringList(strings: drivers)
    let openOptions = CStringList(options)
    let opened = quietly {
        openOptions.withConstPointer { opts in
            if let allowed {
                allowed.withConstPointer { list in GDALOpenEx(path, openFlags, list, opts, nil) }
            } else {
                GDALOpenEx(path, openFlags, nil, opts, nil)
            }
        }
    }
    guard let raw = opened else {
        let error = lastGDALError("GDALOpenEx", fallback: "\(path): cannot open")
        // GDAL names the path for disk files but not always for /vsimem/ ("No such file or directory").
        let message = error.message.contains(path) ? error.message : "\(path): \(error.message)"
        throw GDALError(code: error.code, message: message, operation: error.operation)
    }
    return DatasetHandle(raw: raw, path: path)
}

// MARK: - Metadata and descriptions shared by datasets and bands (both are GDALMajorObjectH).

func majorObjectDescription(_ object: UnsafeMutableRawPointer) -> String {
    gdalString(GDALGetDescription(object)) ?? ""
}

func majorObjectMetadata(_ object: UnsafeMutableRawPointer, domain: String?) -> [String: String] {
    parseNameValueList(GDALGetMetadata(object, domain))
}

func majorObjectMetadataItem(_ object: UnsafeMutableRawPointer, key: String, domain: String?) -> String? {
    gdalString(GDALGetMetadataItem(object, key, domain))
}

func majorObjectSetMetadataItem(
    _ object: UnsafeMutableRawPointer,
    key: String,
    value: String?,
    domain: String?
) throws(GDALError) {
    try checkCPL("GDALSetMetadataItem") { GDALSetMetadataItem(object, key, value, domain) }
}

func majorObjectMetadataDomains(_ object: UnsafeMutableRawPointer) -> [String] {
    CStringList(taking: GDALGetMetadataDomainList(object)).strings
}
