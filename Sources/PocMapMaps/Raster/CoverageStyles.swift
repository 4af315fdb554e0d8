import Foundation
import PocMapGIS

/// QGIS styles (`.qml`, QGIS 3.22 format, GIS.md §2 "Styling") and the colours shared with the quick-look.
enum CoverageStyles {
    /// Red–yellow–green stops (ColorBrewer RdYlGn, 5 classes) from weak to strong signal.
    static let rampStops: [(red: UInt8, green: UInt8, blue: UInt8)] = [
        (0xd7, 0x19, 0x1c), (0xfd, 0xae, 0x61), (0xff, 0xff, 0xbf), (0xa6, 0xd9, 0x6a), (0x1a, 0x96, 0x41),
    ]

    /// Class colours 0…4: none (transparent), weak red, fair orange, good light green, excellent green.
    static func classColor(_ value: UInt8) -> ColorEntry {
        switch value {
        case 1: ColorEntry(red: 0xd7, green: 0x19, blue: 0x1c)
        case 2: ColorEntry(red: 0xfd, green: 0xae, blue: 0x61)
        case 3: ColorEntry(red: 0xa6, green: 0xd9, blue: 0x6a)
        case 4: ColorEntry(red: 0x1a, green: 0x96, blue: 0x41)
        default: ColorEntry(red: 0, green: 0, blue: 0, alpha: 0)
        }
    }

    /// A class colour packed as `0xRRGGBBAA`.
    static func classRGBA(_ value: UInt8) -> UInt32 {
        let color = classColor(value)
        return UInt32(color.red) << 24 | UInt32(color.green) << 16 | UInt32(color.blue) << 8 | UInt32(color.alpha)
    }

    /// A linear interpolation of ``rampStops`` over `minimum…maximum`.
    struct Ramp {
        let minimum: Double
        let maximum: Double

        /// The stop values, evenly spaced.
        var values: [Double] {
            (0..<rampStops.count).map { minimum + (maximum - minimum) * Double($0) / Double(rampStops.count - 1) }
        }

        func rgba(_ value: Double) -> UInt32 {
            let span = maximum - minimum
            let t = span > 0 ? min(1, max(0, (value - minimum) / span)) : 1
            let position = t * Double(rampStops.count - 1)
            let lower = min(Int(position), rampStops.count - 2)
            let f = position - Double(lower)
            func mix(_ a: UInt8, _ b: UInt8) -> UInt32 { UInt32((Double(a) * (1 - f) + Double(b) * f).rounded()) }
            let a = rampStops[lower]
            let b = rampStops[lower + 1]
            return mix(a.red, b.red) << 24 | mix(a.green, b.green) << 16 | mix(a.blue, b.blue) << 8 | 0xff
        }
    }

    static func hex(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> String {
        String(format: "#%02x%02x%02x", red, green, blue)
    }

    /// A number as QGIS writes it, without a trailing `.0`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// `coverage.qml`: a single-band pseudocolour rendering of `band` with an interpolated red–yellow–green ramp
    /// over the band's range (dBm bands rounded outward to 5 dB; −140…−60 dBm when there are no statistics).
    /// Nodata (−9999) is not part of the ramp and stays transparent.
    static func coverageQML(band: CoverageBand, statistics: BandStatistics?) -> String {
        var minimum = statistics?.minimum ?? -140
        var maximum = statistics?.maximum ?? -60
        if band.unit == "dBm" {
            minimum = (minimum / 5).rounded(.down) * 5
            maximum = (maximum / 5).rounded(.up) * 5
        }
        if maximum <= minimum { maximum = minimum + 1 }
        let ramp = Ramp(minimum: minimum, maximum: maximum)
        var items = ""
        for (value, stop) in zip(ramp.values, rampStops) {
            let label = band.unit == "dBm" ? "\(number(value)) dBm" : number(value)
            items += """
                          <item alpha="255" value="\(number(value))" label="\(escape(label))" \
                color="\(hex(stop.red, stop.green, stop.blue))"/>

                """
        }
        let first = rampStops[0]
        let last = rampStops[rampStops.count - 1]
        let content = """
                  <rastershader>
                    <colorrampshader colorRampType="INTERPOLATED" classificationMode="2" clip="0" \
            minimumValue="\(number(minimum))" maximumValue="\(number(maximum))" labelPrecision="0">
                      <colorramp type="gradient" name="[source]">
                        <Option type="Map">
                          <Option type="QString" name="color1" value="\(first.red),\(first.green),\(first.blue),255"/>
                          <Option type="QString" name="color2" value="\(last.red),\(last.green),\(last.blue),255"/>
                          <Option type="QString" name="discrete" value="0"/>
                          <Option type="QString" name="rampType" value="gradient"/>
                        </Option>
                      </colorramp>
            \(items)        </colorrampshader>
                  </rastershader>

            """
        return rasterQML(
            renderer:
                "type=\"singlebandpseudocolor\" band=\"\(band.rawValue)\" opacity=\"1\" alphaBand=\"-1\" nodataColor=\"\" classificationMin=\"\(number(minimum))\" classificationMax=\"\(number(maximum))\"",
            content: content
        )
    }

    /// `coverage_class.qml`: a paletted rendering that lists only the classes in `present` (1…4), so QGIS's legend
    /// does not show the 251 padding entries of the TIFF palette (GIS.md §2 pitfall).
    static func classQML(present: [Int], thresholds: CoverageClassThresholds) -> String {
        let ranges = [
            "", "0–\(number(thresholds.fair)) dB", "\(number(thresholds.fair))–\(number(thresholds.good)) dB",
            "\(number(thresholds.good))–\(number(thresholds.excellent)) dB", "≥ \(number(thresholds.excellent)) dB",
        ]
        var entries = ""
        for value in present where (1...4).contains(value) {
            let color = classColor(UInt8(value))
            let label = "\(CoverageClassThresholds.names[value]) (\(ranges[value]) above sensitivity)"
            entries += """
                        <paletteEntry value="\(value)" alpha="255" color="\(hex(color.red, color.green, color.blue))" \
                label="\(escape(label))"/>

                """
        }
        let content = """
                  <colorPalette>
            \(entries)        </colorPalette>

            """
        return rasterQML(
            renderer: "type=\"paletted\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" nodataColor=\"\"",
            content: content
        )
    }

    /// A QGIS 3 raster style document around one renderer: `renderer` holds the `<rasterrenderer>` attributes,
    /// `content` its renderer-specific elements (each line indented as in the document, ending in a newline).
    private static func rasterQML(renderer: String, content: String) -> String {
        """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" \
        minScale="1e+08" maxScale="0">
          <pipe>
            <provider>
              <resampling enabled="false" maxOversampling="2" zoomedInResamplingMethod="nearestNeighbour" \
        zoomedOutResamplingMethod="nearestNeighbour"/>
            </provider>
            <rasterrenderer \(renderer)>
              <rasterTransparency/>
              <minMaxOrigin>
                <limits>None</limits>
                <extent>WholeRaster</extent>
                <statAccuracy>Estimated</statAccuracy>
                <cumulativeCutLower>0.02</cumulativeCutLower>
                <cumulativeCutUpper>0.98</cumulativeCutUpper>
                <stdDevFactor>2</stdDevFactor>
              </minMaxOrigin>
        \(content)    </rasterrenderer>
            <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
            <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" \
        colorizeBlue="128" colorizeStrength="100" invertColors="0"/>
            <rasterresampler maxOversampling="2"/>
            <resamplingStage>resamplingFilter</resamplingStage>
          </pipe>
          <blendMode>0</blendMode>
        </qgis>

        """
    }
}
