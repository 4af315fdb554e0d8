// Internal plumbing shared by every wrapped GDAL/OGR call: one-time driver registration, the quiet thread-local
// error scope, and conversion of GDAL's error state into `GDALError`.

internal import CGDAL

/// `GDALAllRegister()` exactly once per process (GIS.md pitfall 10). A global `let` is initialised lazily and
/// thread-safely by the Swift runtime; its type is `Void`, so there is no mutable global state.
private let gdalRegistration: Void = {
    GDALAllRegister()
}()

/// Makes sure GDAL's raster and vector drivers are registered. Cheap after the first call.
func ensureGDALRegistered() {
    gdalRegistration
}

/// Runs `body` with GDAL's error state reset and a quiet error handler pushed on this thread's handler stack.
///
/// GDAL's default handler prints `ERROR n: …` on stderr (pitfall 11). `CPLPushErrorHandler` is thread-local, and
/// `body` is synchronous, so push and pop happen on the same thread even under Swift concurrency. The last error
/// stays readable after the pop.
@inline(__always)
func quietly<R>(_ body: () -> R) -> R {
    CPLPushErrorHandler(CPLQuietErrorHandler)
    defer { CPLPopErrorHandler() }
    CPLErrorReset()
    return body()
}

/// The thread's last GDAL error as a `GDALError`, or a wrapper error with `fallback` when GDAL recorded none.
func lastGDALError(_ operation: String, fallback: @autoclosure () -> String) -> GDALError {
    let number = CPLGetLastErrorNo()
    let text = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
    if number == CPLE_None && text.isEmpty {
        return GDALError(code: .none, message: fallback(), operation: operation)
    }
    return GDALError(
        code: GDALError.Code(domain: .gdal, rawValue: number),
        message: text.isEmpty ? fallback() : text,
        operation: operation
    )
}

/// Whether the last call recorded a failure (`CE_Failure` or `CE_Fatal`), for C functions that return `void`.
func lastCallFailed() -> Bool {
    let type = CPLGetLastErrorType()
    return type == CE_Failure || type == CE_Fatal
}

/// Runs a C call that returns `CPLErr` and throws unless it returned `CE_None`.
@inline(__always)
func checkCPL(_ operation: String, _ body: () -> CPLErr) throws(GDALError) {
    let result = quietly(body)
    if result != CE_None {
        throw lastGDALError(operation, fallback: "\(operation) failed")
    }
}

/// Runs a C call that returns `OGRErr` and throws unless it returned `OGRERR_NONE`.
///
/// GDAL's message is used when there is one; the code is always the OGR return value.
@inline(__always)
func checkOGR(_ operation: String, _ body: () -> OGRErr) throws(GDALError) {
    let result = quietly(body)
    if result != OGRERR_NONE {
        let text = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        throw GDALError(
            code: GDALError.Code(domain: .ogr, rawValue: result),
            message: text.isEmpty ? "\(operation) returned OGRERR \(result)" : text,
            operation: operation
        )
    }
}

/// Runs a C call that returns a handle and throws when it is `NULL`.
@inline(__always)
func requireHandle<H>(
    _ operation: String,
    fallback: @autoclosure () -> String,
    _ body: () -> H?
) throws(GDALError) -> H {
    guard let handle = quietly(body) else {
        throw lastGDALError(operation, fallback: fallback())
    }
    return handle
}

/// Converts a Swift `Int` to the C `int` GDAL expects, or throws `illegalArgument`.
func cInt(_ value: Int, _ what: String, operation: String) throws(GDALError) -> Int32 {
    guard let converted = Int32(exactly: value) else {
        throw GDALError(
            code: .illegalArgument,
            message: "\(what) \(value) does not fit in a C int",
            operation: operation
        )
    }
    return converted
}

/// A Swift string from a C string GDAL owns (not freed here); `nil` stays `nil`.
func gdalString(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// A Swift string from a C string GDAL allocated for the caller, freed with `VSIFree` (pitfall 3: no `CPLFree`).
func takeGDALString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    defer { VSIFree(pointer) }
    return String(cString: pointer)
}
