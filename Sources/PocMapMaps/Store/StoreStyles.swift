/// Default QGIS styles of the store's layers, stored in the GeoPackage's `layer_styles` table (QML for QGIS,
/// SLD for other clients). QGIS applies the row with `useAsDefault` when the layer is added.
///
/// `hexes`: graduated fill on `predicted_rssi_dbm` (six classes from red "below −120 dBm" to dark green
/// "−80 dBm and stronger"); `links`: categorized by `status` (valid green, invalid red); `hotspots`: a dark marker.
public enum StoreStyles {
    /// One class of a graduated style: values in `lower ..< upper`.
    public struct GraduatedClass: Hashable, Sendable {
        /// Lower bound (inclusive), dBm.
        public var lower: Double
        /// Upper bound (exclusive, inclusive for the last class), dBm.
        public var upper: Double
        /// Fill colour as `#rrggbb`.
        public var color: String
        /// Legend label.
        public var label: String
    }

    /// The classes of the `hexes` style on `predicted_rssi_dbm`.
    public static let predictedRSSIClasses: [GraduatedClass] = [
        GraduatedClass(lower: -200, upper: -120, color: "#d7191c", label: "below −120 dBm (edge)"),
        GraduatedClass(lower: -120, upper: -110, color: "#f46d43", label: "−120 to −110 dBm"),
        GraduatedClass(lower: -110, upper: -100, color: "#fdae61", label: "−110 to −100 dBm"),
        GraduatedClass(lower: -100, upper: -90, color: "#fee08b", label: "−100 to −90 dBm"),
        GraduatedClass(lower: -90, upper: -80, color: "#a6d96a", label: "−90 to −80 dBm"),
        GraduatedClass(lower: -80, upper: 50, color: "#1a9641", label: "−80 dBm and stronger"),
    ]

    /// The categories of the `links` style on `status`: (value, colour, label).
    public static let linkCategories: [(value: String, color: String, label: String)] = [
        ("valid", "#1a9641", "valid witness"),
        ("invalid", "#d7191c", "invalid witness"),
    ]

    /// One `layer_styles` row.
    struct Row {
        var table: String
        var name: String
        var qml: String
        var sld: String
        var description: String
    }

    static func rows() -> [Row] {
        [
            Row(
                table: StoreSchema.hexesLayer,
                name: "pocmap predicted RSSI",
                qml: hexesQML(),
                sld: hexesSLD(),
                description: "H3 cells coloured by the best predicted signal (predicted_rssi_dbm, dBm)"
            ),
            Row(
                table: StoreSchema.hotspotsLayer,
                name: "pocmap hotspots",
                qml: hotspotsQML(),
                sld: hotspotsSLD(),
                description: "Registered hotspots"
            ),
            Row(
                table: StoreSchema.linksLayer,
                name: "pocmap witness links",
                qml: linksQML(),
                sld: linksSLD(),
                description: "Beaconer-to-witness links by verdict status"
            ),
        ]
    }

    // MARK: QML (QGIS 3.22)

    private static let qmlHeader =
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        + "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology\">\n"

    private static func rgba(_ hex: String, alpha: Int = 255) -> String {
        let digits = Array(hex.utf8.dropFirst())
        func component(_ offset: Int) -> Int {
            var value = 0
            for byte in digits[offset..<offset + 2] {
                value *= 16
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value += Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value += Int(byte - UInt8(ascii: "a")) + 10
                default: break
                }
            }
            return value
        }
        return "\(component(0)),\(component(2)),\(component(4)),\(alpha)"
    }

    private static func props(_ pairs: [(String, String)]) -> String {
        pairs.map { "          <prop k=\"\($0.0)\" v=\"\($0.1)\"/>\n" }.joined()
    }

    private static func fillSymbol(name: String, color: String) -> String {
        "      <symbol type=\"fill\" name=\"\(name)\" alpha=\"0.75\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
            + "        <layer class=\"SimpleFill\" pass=\"0\" locked=\"0\" enabled=\"1\">\n"
            + props([
                ("color", rgba(color)), ("outline_color", "80,80,80,120"), ("outline_style", "solid"),
                ("outline_width", "0.1"), ("outline_width_unit", "MM"), ("style", "solid"),
                ("joinstyle", "bevel"),
            ])
            + "        </layer>\n      </symbol>\n"
    }

    private static func lineSymbol(name: String, color: String) -> String {
        "      <symbol type=\"line\" name=\"\(name)\" alpha=\"0.8\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
            + "        <layer class=\"SimpleLine\" pass=\"0\" locked=\"0\" enabled=\"1\">\n"
            + props([
                ("line_color", rgba(color)), ("line_style", "solid"), ("line_width", "0.3"),
                ("line_width_unit", "MM"), ("capstyle", "round"), ("joinstyle", "round"),
            ])
            + "        </layer>\n      </symbol>\n"
    }

    static func hexesQML() -> String {
        var text = qmlHeader
        text +=
            "  <renderer-v2 type=\"graduatedSymbol\" attr=\"predicted_rssi_dbm\" graduatedMethod=\"GraduatedColor\""
            + " symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <ranges>\n"
        for (index, range) in predictedRSSIClasses.enumerated() {
            text +=
                "      <range lower=\"\(formatFixed(range.lower, decimals: 6))\" "
                + "upper=\"\(formatFixed(range.upper, decimals: 6))\" symbol=\"\(index)\" "
                + "label=\"\(xmlEscape(range.label))\" render=\"true\"/>\n"
        }
        text += "    </ranges>\n    <symbols>\n"
        for (index, range) in predictedRSSIClasses.enumerated() {
            text += fillSymbol(name: "\(index)", color: range.color)
        }
        text += "    </symbols>\n    <mode name=\"equal\"/>\n  </renderer-v2>\n"
        text += "  <layerGeometryType>2</layerGeometryType>\n</qgis>\n"
        return text
    }

    static func linksQML() -> String {
        var text = qmlHeader
        text +=
            "  <renderer-v2 type=\"categorizedSymbol\" attr=\"status\" symbollevels=\"0\" enableorderby=\"0\""
            + " forceraster=\"0\">\n    <categories>\n"
        for (index, category) in linkCategories.enumerated() {
            text +=
                "      <category value=\"\(category.value)\" symbol=\"\(index)\" label=\"\(category.label)\""
                + " render=\"true\"/>\n"
        }
        text += "    </categories>\n    <symbols>\n"
        for (index, category) in linkCategories.enumerated() {
            text += lineSymbol(name: "\(index)", color: category.color)
        }
        text += "    </symbols>\n  </renderer-v2>\n  <layerGeometryType>1</layerGeometryType>\n</qgis>\n"
        return text
    }

    static func hotspotsQML() -> String {
        var text = qmlHeader
        text +=
            "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
            + "    <symbols>\n"
            + "      <symbol type=\"marker\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
            + "        <layer class=\"SimpleMarker\" pass=\"0\" locked=\"0\" enabled=\"1\">\n"
            + props([
                ("name", "circle"), ("color", "49,54,149,255"), ("outline_color", "255,255,255,255"),
                ("outline_style", "solid"), ("outline_width", "0.3"), ("outline_width_unit", "MM"),
                ("size", "2.2"), ("size_unit", "MM"),
            ])
            + "        </layer>\n      </symbol>\n    </symbols>\n  </renderer-v2>\n"
            + "  <layerGeometryType>0</layerGeometryType>\n</qgis>\n"
        return text
    }

    // MARK: SLD 1.1

    private static func sld(layer: String, title: String, rules: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" "
            + "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" "
            + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1.0\" "
            + "xsi:schemaLocation=\"http://www.opengis.net/sld "
            + "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
            + "  <NamedLayer>\n    <se:Name>\(layer)</se:Name>\n    <UserStyle>\n"
            + "      <se:Name>\(xmlEscape(title))</se:Name>\n      <se:FeatureTypeStyle>\n"
            + rules.joined()
            + "      </se:FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n"
    }

    private static func sldFill(_ color: String) -> String {
        "          <se:PolygonSymbolizer>\n            <se:Fill>\n"
            + "              <se:SvgParameter name=\"fill\">\(color)</se:SvgParameter>\n"
            + "              <se:SvgParameter name=\"fill-opacity\">0.75</se:SvgParameter>\n"
            + "            </se:Fill>\n            <se:Stroke>\n"
            + "              <se:SvgParameter name=\"stroke\">#505050</se:SvgParameter>\n"
            + "              <se:SvgParameter name=\"stroke-width\">0.4</se:SvgParameter>\n"
            + "            </se:Stroke>\n          </se:PolygonSymbolizer>\n"
    }

    static func hexesSLD() -> String {
        let rules = predictedRSSIClasses.map { range in
            "        <se:Rule>\n          <se:Name>\(xmlEscape(range.label))</se:Name>\n"
                + "          <ogc:Filter>\n            <ogc:And>\n"
                + "              <ogc:PropertyIsGreaterThanOrEqualTo>"
                + "<ogc:PropertyName>predicted_rssi_dbm</ogc:PropertyName>"
                + "<ogc:Literal>\(formatFixed(range.lower, decimals: 1))</ogc:Literal>"
                + "</ogc:PropertyIsGreaterThanOrEqualTo>\n"
                + "              <ogc:PropertyIsLessThan><ogc:PropertyName>predicted_rssi_dbm</ogc:PropertyName>"
                + "<ogc:Literal>\(formatFixed(range.upper, decimals: 1))</ogc:Literal></ogc:PropertyIsLessThan>\n"
                + "            </ogc:And>\n          </ogc:Filter>\n"
                + sldFill(range.color)
                + "        </se:Rule>\n"
        }
        return sld(layer: StoreSchema.hexesLayer, title: "pocmap predicted RSSI", rules: rules)
    }

    static func linksSLD() -> String {
        let rules = linkCategories.map { category in
            "        <se:Rule>\n          <se:Name>\(category.label)</se:Name>\n"
                + "          <ogc:Filter>\n            <ogc:PropertyIsEqualTo>"
                + "<ogc:PropertyName>status</ogc:PropertyName><ogc:Literal>\(category.value)</ogc:Literal>"
                + "</ogc:PropertyIsEqualTo>\n          </ogc:Filter>\n"
                + "          <se:LineSymbolizer>\n            <se:Stroke>\n"
                + "              <se:SvgParameter name=\"stroke\">\(category.color)</se:SvgParameter>\n"
                + "              <se:SvgParameter name=\"stroke-width\">1</se:SvgParameter>\n"
                + "            </se:Stroke>\n          </se:LineSymbolizer>\n        </se:Rule>\n"
        }
        return sld(layer: StoreSchema.linksLayer, title: "pocmap witness links", rules: rules)
    }

    static func hotspotsSLD() -> String {
        let rule =
            "        <se:Rule>\n          <se:Name>hotspot</se:Name>\n"
            + "          <se:PointSymbolizer>\n            <se:Graphic>\n              <se:Mark>\n"
            + "                <se:WellKnownName>circle</se:WellKnownName>\n"
            + "                <se:Fill><se:SvgParameter name=\"fill\">#313695</se:SvgParameter></se:Fill>\n"
            + "                <se:Stroke><se:SvgParameter name=\"stroke\">#ffffff</se:SvgParameter></se:Stroke>\n"
            + "              </se:Mark>\n              <se:Size>8</se:Size>\n"
            + "            </se:Graphic>\n          </se:PointSymbolizer>\n        </se:Rule>\n"
        return sld(layer: StoreSchema.hotspotsLayer, title: "pocmap hotspots", rules: [rule])
    }

    static func xmlEscape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// A string literal for SQLite: single quotes doubled.
func sqlLiteral(_ text: String) -> String {
    var result = "'"
    for character in text {
        if character == "'" { result += "''" } else { result.append(character) }
    }
    return result + "'"
}
