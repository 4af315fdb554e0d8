internal import CGDAL
internal import CPROJ

/// Process-wide facts and settings of the GDAL and PROJ libraries in use.
public enum GDALLibrary {
    /// GDAL's release name, for example `3.6.2`. The corresponding GDAL function is `GDALVersionInfo`.
    public static var version: String { gdalString(GDALVersionInfo("RELEASE_NAME")) ?? "" }

    /// PROJ's version, for example `9.1.1`. The corresponding PROJ function is `proj_info`.
    public static var projVersion: String { gdalString(proj_info().version) ?? "" }

    /// Whether a driver is available, for example `COG` or `GPKG`. The corresponding GDAL function is
    /// `GDALGetDriverByName`.
    public static func hasDriver(_ name: String) -> Bool {
        ensureGDALRegistered()
        return GDALGetDriverByName(name) != nil
    }

    /// The current value of a configuration option (from the environment or a previous set), or `nil`.
    /// The corresponding GDAL function is `CPLGetConfigOption`.
    public static func configOption(_ key: String) -> String? {
        gdalString(CPLGetConfigOption(key, nil))
    }

    /// Sets a configuration option for the calling thread only, for example `GDAL_PAM_ENABLED=NO` while writing
    /// a test raster; `nil` unsets it. Prefer this over the process-wide form inside tasks.
    /// The corresponding GDAL function is `CPLSetThreadLocalConfigOption`.
    public static func setThreadLocalConfigOption(_ key: String, _ value: String?) {
        CPLSetThreadLocalConfigOption(key, value)
    }

    /// Sets a configuration option for the whole process (like an environment variable); `nil` unsets it.
    /// The corresponding GDAL function is `CPLSetConfigOption`.
    public static func setConfigOption(_ key: String, _ value: String?) {
        CPLSetConfigOption(key, value)
    }
}
