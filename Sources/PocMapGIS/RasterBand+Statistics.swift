internal import CGDAL

extension RasterBand {
    /// Stores statistics computed elsewhere (for example while the pixels were generated) as the band's
    /// `STATISTICS_MINIMUM/MAXIMUM/MEAN/STDDEV` metadata, so the pixels need not be read back.
    ///
    /// The corresponding GDAL function is `GDALSetRasterStatistics`.
    public func setStatistics(_ statistics: BandStatistics) throws(GDALError) {
        let raw = try rawHandle("GDALSetRasterStatistics")
        try checkCPL("GDALSetRasterStatistics") {
            GDALSetRasterStatistics(
                raw,
                statistics.minimum,
                statistics.maximum,
                statistics.mean,
                statistics.standardDeviation
            )
        }
    }
}
