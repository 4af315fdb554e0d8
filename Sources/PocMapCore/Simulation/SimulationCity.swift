/// A real city the simulator clusters hotspots around.
///
/// Coordinates are the usual city-centre coordinates (facts). The region is the plan Helium's own region index
/// (helium/lorawan-h3, January 2023) gives the centre, so simulated files agree with `--regions` lookups; for
/// example Sydney is `AS923_1C` there, São Paulo `AU915_SB1`. The weight (share of hotspots) and the spread limit
/// are modelling choices, not facts: roughly Helium's 2022 distribution, US and Europe heavy.
public struct SimulationCity: Hashable, Sendable {
    /// The city's name (`San Francisco`).
    public var name: String
    /// Latitude of the centre, degrees.
    public var latitudeDegrees: Double
    /// Longitude of the centre, degrees.
    public var longitudeDegrees: Double
    /// The LoRaWAN region plan.
    public var region: RegionName
    /// The relative share of hotspots.
    public var weight: Double
    /// The largest Gaussian spread of the hotspot cloud, km (small for island and coastal city-states).
    public var maximumSpreadKm: Double

    /// Creates a city.
    public init(
        name: String,
        latitudeDegrees: Double,
        longitudeDegrees: Double,
        region: RegionName,
        weight: Double,
        maximumSpreadKm: Double
    ) {
        self.name = name
        self.latitudeDegrees = latitudeDegrees
        self.longitudeDegrees = longitudeDegrees
        self.region = region
        self.weight = weight
        self.maximumSpreadKm = maximumSpreadKm
    }

    /// The centre as an H3 ``LatLng``.
    public var centre: LatLng { LatLng(latitudeDegrees: latitudeDegrees, longitudeDegrees: longitudeDegrees) }

    /// The city whose name matches `name`, ignoring case, spaces, hyphens, underscores and the accents of São
    /// Paulo (`sao-paulo`, `SaoPaulo`, `New York`).
    public static func named(_ name: String) -> SimulationCity? {
        let wanted = normalized(name)
        return all.first { normalized($0.name) == wanted }
    }

    private static func normalized(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            switch character {
            case " ", "-", "_", ".", "'": continue
            case "ã", "á", "à", "â": out.append("a")
            default: out.append(character)
            }
        }
        return out
    }

    /// The 35 cities of the default network.
    public static let all: [SimulationCity] = {
        func city(_ name: String, _ lat: Double, _ lng: Double, _ region: String, _ weight: Double, _ spread: Double)
            -> SimulationCity?
        {
            guard let plan = RegionName(region) else { return nil }
            return SimulationCity(
                name: name,
                latitudeDegrees: lat,
                longitudeDegrees: lng,
                region: plan,
                weight: weight,
                maximumSpreadKm: spread
            )
        }
        let table: [SimulationCity?] = [
            city("San Francisco", 37.7749, -122.4194, "US915", 5, 110),
            city("Los Angeles", 34.0522, -118.2437, "US915", 6, 150),
            city("New York", 40.7128, -74.0060, "US915", 6, 150),
            city("Chicago", 41.8781, -87.6298, "US915", 3, 150),
            city("Miami", 25.7617, -80.1918, "US915", 3, 100),
            city("Austin", 30.2672, -97.7431, "US915", 2, 150),
            city("Denver", 39.7392, -104.9903, "US915", 2, 150),
            city("Seattle", 47.6062, -122.3321, "US915", 2, 120),
            city("Toronto", 43.6532, -79.3832, "US915", 2, 130),
            city("Mexico City", 19.4326, -99.1332, "US915", 1, 120),
            city("London", 51.5074, -0.1278, "EU868", 4, 130),
            city("Berlin", 52.5200, 13.4050, "EU868", 3, 150),
            city("Paris", 48.8566, 2.3522, "EU868", 3, 150),
            city("Amsterdam", 52.3676, 4.9041, "EU868", 2, 110),
            city("Madrid", 40.4168, -3.7038, "EU868", 2, 150),
            city("Rome", 41.9028, 12.4964, "EU868", 2, 130),
            city("Warsaw", 52.2297, 21.0122, "EU868", 1, 150),
            city("Lisbon", 38.7223, -9.1393, "EU868", 1, 90),
            city("Stockholm", 59.3293, 18.0686, "EU868", 1, 110),
            city("Johannesburg", -26.2041, 28.0473, "EU868", 1, 150),
            city("Tokyo", 35.6762, 139.6503, "AS923_1", 1, 110),
            city("Singapore", 1.3521, 103.8198, "AS923_1", 1, 30),
            city("Taipei", 25.0330, 121.5654, "AS923_1", 1, 60),
            city("Kuala Lumpur", 3.1390, 101.6869, "AS923_1B", 1, 90),
            city("Sydney", -33.8688, 151.2093, "AS923_1C", 2, 100),
            city("Melbourne", -37.8136, 144.9631, "AS923_1C", 1, 100),
            city("Ho Chi Minh City", 10.8231, 106.6297, "AS923_2", 1, 90),
            city("Manila", 14.5995, 120.9842, "AS923_3", 1, 70),
            city("Tel Aviv", 32.0853, 34.7818, "AS923_4", 1, 45),
            city("Buenos Aires", -34.6037, -58.3816, "AU915", 1, 110),
            city("São Paulo", -23.5505, -46.6333, "AU915_SB1", 1, 130),
            city("Mumbai", 19.0760, 72.8777, "IN865", 1, 90),
            city("Seoul", 37.5665, 126.9780, "KR920", 1, 90),
            city("Moscow", 55.7558, 37.6173, "RU864", 1, 150),
            city("Shanghai", 31.2304, 121.4737, "CN470", 1, 120),
        ]
        return table.compactMap { $0 }
    }()
}
