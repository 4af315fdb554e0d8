public import PocMapCore

/// One H3 cell of the coverage map: a feature of the `hexes` layer of `coverage.gpkg` (FORMATS.md §2.5–2.6).
///
/// The first five values are the five bands of `coverage.tif`; the others are observed extras. `nil` is written as
/// SQL NULL ("no value here"), never as a fake number.
public struct HexRow: Hashable, Sendable {
    /// The cell (`h3_index` as 15 lowercase hex digits, and `resolution`).
    public var cell: H3Cell
    /// `observed_rssi_dbm`: the best valid witness RSSI received in the hex, dBm.
    public var observedRSSIdBm: Double?
    /// `observed_witnesses`: the number of valid witness receptions in the hex (0 when none).
    public var observedWitnesses: Int
    /// `predicted_rssi_dbm`: the best predicted signal from any active hotspot, dBm.
    public var predictedRSSIdBm: Double?
    /// `serving_hotspots`: the number of active hotspots predicted above the receiver sensitivity.
    public var servingHotspots: Int?
    /// `density_scale`: the mean HIP-17 scale of the hotspots in the hex (0–1).
    public var densityScale: Double?
    /// `observed_median_rssi_dbm`: the median valid witness RSSI received in the hex, dBm.
    public var observedMedianRSSIdBm: Double?
    /// `observed_beaconers`: the number of distinct beaconers heard in the hex.
    public var observedBeaconers: Int?
    /// `last_seen`: the last valid reception in the hex, milliseconds since the Unix epoch (stored as a UTC DateTime).
    public var lastSeenMilliseconds: Int64?
    /// `best_server`: the key of the hotspot with the best predicted signal in the hex.
    public var bestServer: String?

    /// A row; every value except the cell is optional ("no data").
    public init(
        cell: H3Cell,
        observedRSSIdBm: Double? = nil,
        observedWitnesses: Int = 0,
        predictedRSSIdBm: Double? = nil,
        servingHotspots: Int? = nil,
        densityScale: Double? = nil,
        observedMedianRSSIdBm: Double? = nil,
        observedBeaconers: Int? = nil,
        lastSeenMilliseconds: Int64? = nil,
        bestServer: String? = nil
    ) {
        self.cell = cell
        self.observedRSSIdBm = observedRSSIdBm
        self.observedWitnesses = observedWitnesses
        self.predictedRSSIdBm = predictedRSSIdBm
        self.servingHotspots = servingHotspots
        self.densityScale = densityScale
        self.observedMedianRSSIdBm = observedMedianRSSIdBm
        self.observedBeaconers = observedBeaconers
        self.lastSeenMilliseconds = lastSeenMilliseconds
        self.bestServer = bestServer
    }
}

/// One registered hotspot: a feature of the `hotspots` layer, with the columns of `hotspots.csv` (FORMATS.md §2.3).
public struct HotspotRow: Hashable, Sendable {
    /// `key`: the hotspot's unique id.
    public var key: String
    /// `location`: the asserted H3 cell, `nil` for an unasserted hotspot (its feature has no geometry).
    public var location: H3Cell?
    /// `lat`: latitude in degrees; when `nil` and `location` is set, the location cell's centre is used.
    public var latitudeDegrees: Double?
    /// `lng`: longitude in degrees; when `nil` and `location` is set, the location cell's centre is used.
    public var longitudeDegrees: Double?
    /// `region`: the LoRaWAN region plan name, `nil` when unknown.
    public var region: String?
    /// `gain`: antenna gain in tenths of dBi (12 = 1.2 dBi).
    public var gainTenthsDBi: Int
    /// `elevation`: antenna height above ground, metres.
    public var elevationMeters: Int
    /// `active`: whether the hotspot took part in proof of coverage in the run.
    public var active: Bool
    /// `density_scale`: the HIP-17 scale (0–1), `nil` when not computed.
    public var densityScale: Double?
    /// `beacons`: beacon reports sent.
    public var beacons: Int
    /// `beacons_valid`: valid beacon reports.
    public var beaconsValid: Int
    /// `witnesses`: witness reports made.
    public var witnesses: Int
    /// `witnesses_valid`: valid witness reports.
    public var witnessesValid: Int
    /// `witnesses_selected`: valid witness reports selected for rewards.
    public var witnessesSelected: Int
    /// `beacon_shares`: reward shares earned as a beaconer.
    public var beaconShares: Double
    /// `witness_shares`: reward shares earned as a witness.
    public var witnessShares: Double
    /// `top_invalid_reason`: the most frequent invalid reason of the hotspot's reports, `nil` when none.
    public var topInvalidReason: String?

    /// A row; counts and shares default to zero.
    public init(
        key: String,
        location: H3Cell?,
        latitudeDegrees: Double? = nil,
        longitudeDegrees: Double? = nil,
        region: String? = nil,
        gainTenthsDBi: Int = 12,
        elevationMeters: Int = 0,
        active: Bool = false,
        densityScale: Double? = nil,
        beacons: Int = 0,
        beaconsValid: Int = 0,
        witnesses: Int = 0,
        witnessesValid: Int = 0,
        witnessesSelected: Int = 0,
        beaconShares: Double = 0,
        witnessShares: Double = 0,
        topInvalidReason: String? = nil
    ) {
        self.key = key
        self.location = location
        self.latitudeDegrees = latitudeDegrees
        self.longitudeDegrees = longitudeDegrees
        self.region = region
        self.gainTenthsDBi = gainTenthsDBi
        self.elevationMeters = elevationMeters
        self.active = active
        self.densityScale = densityScale
        self.beacons = beacons
        self.beaconsValid = beaconsValid
        self.witnesses = witnesses
        self.witnessesValid = witnessesValid
        self.witnessesSelected = witnessesSelected
        self.beaconShares = beaconShares
        self.witnessShares = witnessShares
        self.topInvalidReason = topInvalidReason
    }
}

/// One witness verdict: a feature of the `links` layer, a line from the beaconer to the witness.
public struct LinkRow: Hashable, Sendable {
    /// `poc_id`: lowercase hex SHA-256 of the beacon payload.
    public var pocID: String
    /// `beaconer`: the key of the transmitting hotspot.
    public var beaconer: String
    /// `witness`: the key of the receiving hotspot.
    public var witness: String
    /// Where the beaconer is; the feature has no geometry when this or ``witnessLocation`` is `nil`.
    public var beaconerLocation: LatLng?
    /// Where the witness is.
    public var witnessLocation: LatLng?
    /// `status`: `valid` or `invalid`.
    public var status: String
    /// `invalid_reason`: the reason name of FORMATS.md §2.1, `nil` when valid.
    public var invalidReason: String?
    /// `rssi_dbm`: received signal strength, dBm.
    public var rssidBm: Double?
    /// `snr_db`: signal-to-noise ratio, dB.
    public var snrdB: Double?
    /// `max_rssi_dbm`: the free-space bound on the RSSI, dBm.
    public var maxRSSIdBm: Double?
    /// `distance_m`: beaconer–witness distance, metres.
    public var distanceMeters: Int?
    /// `selected`: one of the witnesses selected for rewards.
    public var selected: Bool
    /// `received_timestamp`: when the network received the witness report, milliseconds since the Unix epoch.
    public var receivedTimestamp: Int64?

    /// A row; measurements default to "unknown".
    public init(
        pocID: String,
        beaconer: String,
        witness: String,
        beaconerLocation: LatLng?,
        witnessLocation: LatLng?,
        status: String,
        invalidReason: String? = nil,
        rssidBm: Double? = nil,
        snrdB: Double? = nil,
        maxRSSIdBm: Double? = nil,
        distanceMeters: Int? = nil,
        selected: Bool = false,
        receivedTimestamp: Int64? = nil
    ) {
        self.pocID = pocID
        self.beaconer = beaconer
        self.witness = witness
        self.beaconerLocation = beaconerLocation
        self.witnessLocation = witnessLocation
        self.status = status
        self.invalidReason = invalidReason
        self.rssidBm = rssidBm
        self.snrdB = snrdB
        self.maxRSSIdBm = maxRSSIdBm
        self.distanceMeters = distanceMeters
        self.selected = selected
        self.receivedTimestamp = receivedTimestamp
    }
}
