import ArgumentParser
import PocMapCore
import PocMapMaps

/// The map flags that `pocmap map` and `pocmap run` share (resolution, propagation model, link budget, raster CRS and
/// pixel), their checks, and how they set ``MapJobOptions``.
struct MapPredictionOptions: ParsableArguments {
    @Option(name: .customLong("res"), help: ArgumentHelp("H3 resolution of the map, 5...12.", valueName: "R"))
    var resolution: Int = 8

    @Option(
        help: ArgumentHelp(
            "Propagation model of the predicted coverage (listed in `pocmap map --help`).",
            valueName: "NAME"
        )
    )
    var model: String = "log-distance"

    @Option(
        help: ArgumentHelp("CRS of the rasters, EPSG:N (4326, 3857 for web maps, a UTM zone).", valueName: "EPSG:N")
    )
    var crs: String = "EPSG:4326"

    @Option(
        help: ArgumentHelp(
            "Pixel size in CRS units: degrees for EPSG:4326, metres for projected CRSs (default: the resolution's; "
                + "`pocmap run` coarsens it to keep the raster within 16 M pixels).",
            valueName: "SIZE"
        )
    )
    var pixel: Double?

    @Option(
        name: .customLong("data-rate"),
        help: ArgumentHelp("Data rate whose sensitivity bounds coverage.", valueName: "SFnBWm")
    )
    var dataRate: String = "SF10BW125"

    @Option(help: ArgumentHelp("Device EIRP of the prediction, dBm (default 16.15 = 14 dBm ERP).", valueName: "DBM"))
    var eirp: Double = 16.15

    func validate() throws {
        if !CoverageError.resolutions.contains(resolution) { throw ValidationError("--res must be 5...12") }
        if CoverageModel(identifier: model) == nil {
            throw ValidationError(
                "unknown --model '\(model)'; choose one of \(CoverageModel.identifiers.joined(separator: ", "))"
            )
        }
        if DataRate(name: dataRate)?.spreadingFactor == nil {
            throw ValidationError("--data-rate must be a LoRa rate such as SF10BW125")
        }
        if !eirp.isFinite { throw ValidationError("--eirp must be a number of dBm") }
        if let pixel, !(pixel.isFinite && pixel > 0) { throw ValidationError("--pixel must be a positive size") }
    }

    /// Sets these flags' values in `options` (after ``validate()``).
    func apply(to options: inout MapJobOptions) {
        options.resolution = resolution
        if let chosen = CoverageModel(identifier: model) { options.model = chosen }
        if let rate = DataRate(name: dataRate) { options.prediction.dataRate = rate }
        options.prediction.deviceEIRPDBm = eirp
        options.crs = crs
        options.pixelSize = pixel
    }
}
